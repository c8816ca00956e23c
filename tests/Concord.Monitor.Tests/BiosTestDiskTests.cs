using System.Text;
using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Devices.Keyboard;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests;

/// <summary>
/// The BIOS test disk (firmware/bios/test/biostest.asm): a boot program that checks the Concord
/// BIOS's services against the devices (INT 10h, 11h, 12h, 13h on both drives with a scratch area
/// for writes and formats, 15h, 16h with typed keys, 1Ah, APM) and prints "ok"/"FAIL" per check on
/// the debug console. Run on every engine the factory knows, on every CPU model (the 80386 VM with
/// 3 MiB above 1 MiB, which INT 15h AH=88h, AX=E801h and the AH=87h block move reach).
/// </summary>
public sealed class BiosTestDiskTests
{
    public static TheoryData<EngineKind, CpuModel> EnginesAndModels()
    {
        var data = new TheoryData<EngineKind, CpuModel>();
        foreach (EngineKind engine in EngineFactory.Known)
            foreach (CpuModel model in new[] { CpuModel.I8086, CpuModel.I80286, CpuModel.I80386 }) data.Add(engine, model);
        return data;
    }

    /// <summary>The keys qemu-test.sh types, and the INT 16h codes the test reads back for them.</summary>
    private static readonly HostKey[][] Keys =
    [
        [HostKey.A], [HostKey.LeftShift, HostKey.B], [HostKey.LeftControl, HostKey.C], [HostKey.F1],
        [HostKey.CapsLock], [HostKey.A], [HostKey.CapsLock], [HostKey.Keypad7], [HostKey.NumLock], [HostKey.Keypad7],
        [HostKey.NumLock], [HostKey.Up], [HostKey.KeypadEnter],
    ];

    private const string KeysReadBack = "keys: 1E61 3042 2E03 3B00 1E41 4700 4737 4800 1C0D";

    [Theory]
    [MemberData(nameof(EnginesAndModels))]
    public void Every_check_of_the_bios_test_disk_passes(EngineKind engine, CpuModel model)
    {
        if (engine == EngineKind.Jit && !Concord.Engines.Translator.Translator.Translates(model))
            Assert.Skip($"the jit translates the 8086 and 80286 only; {model.Name()} code runs on the interpreter");
        using var files = new TempFiles();
        var a = new byte[FloppyGeometry.Floppy1440K.TotalBytes];
        File.ReadAllBytes(RepoPaths.Firmware("bios", "test", "biostest.bin")).CopyTo(a, 0);
        string pathA = files.Write("a.img", a);
        string pathB = files.Write("b.img", FatVolume.CreateImage(FloppyGeometry.Floppy720K, new FatFormatOptions { Timestamp = new DateTime(2025, 1, 1) }));
        var console = new MemoryStream();
        using var machine = new Machine(MachineSpec.ForDiskettes(pathA, pathB, PlatformProfile.At, model, ClockKind.Virtual, engine),
            new MachineOptions { DebugConsole = _ => console });
        bool typed = false;

        MachineOutcome outcome = machine.Run(new MachineRunOptions
        {
            Timeout = TimeSpan.FromSeconds(120),
            Observer = m =>
            {
                if (typed || !Encoding.Latin1.GetString(console.ToArray()).Contains("keys: ", StringComparison.Ordinal)) return;
                typed = true;
                var keyboard = m.Vms[0].Hardware;
                foreach (HostKey[] chord in Keys)
                {
                    foreach (HostKey k in chord) keyboard.PostKeyDown(k);
                    foreach (HostKey k in chord.Reverse()) keyboard.PostKeyUp(k);
                }
            },
            ObserverInterval = TimeSpan.Zero,
        }, TestContext.Current.CancellationToken);

        string log = Encoding.Latin1.GetString(console.ToArray());
        Assert.True(outcome.Stop == StopReason.PowerOff, outcome.Describe() + "\n" + log);
        Assert.DoesNotContain("FAIL", log);
        Assert.Contains("biostest: failures 0000", log);
        Assert.Contains(KeysReadBack, log);
        if (model == CpuModel.I80386)
        {
            Assert.Contains("int15/88 KiB above 1 MiB 0C00", log); // the 4 MiB VM: 3072 KiB
            Assert.Contains("ok   int15/87 read back", log);
        }
        else Assert.Contains("ok   int15/88 no extended memory", log);
        Assert.True(log.Split('\n').Count(l => l.StartsWith("ok", StringComparison.Ordinal)) >= 40, log);
    }
}
