using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Machines;
using static Concord.Monitor.Tests.Pc98.Pc98Run;

namespace Concord.Monitor.Tests.Pc98;

/// <summary>FreeDOS(98), a real PC-98 DOS (tests/data/pc98), on a PC-98 VM.</summary>
public sealed class FreeDos98Tests(ITestOutputHelper output)
{
    public static byte[] FreeDos98 => File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img"));

    /// <summary>The prompt is back after the text: the command has finished printing it.</summary>
    private static bool PromptAfter(string screen, string text)
    {
        int at = screen.LastIndexOf(text, StringComparison.Ordinal);
        return at >= 0 && screen.IndexOf("A:\\>", at, StringComparison.Ordinal) > 0;
    }

    [Fact]
    public void Boots_to_its_prompt_touching_only_ports_the_pc98_has()
    {
        using var run = new Pc98Run(FreeDos98);
        MachineOutcome outcome = run.Run(Expect("A:\\>"));
        output.WriteLine($"{run.Vm.NowNs / 1e9:F2} s, {outcome.Instructions} instructions\n{run.Screen}");

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        Assert.Contains("FreeCom ver 0.85a_DBCS", run.Screen);
        Assert.Equal(0, run.Vm.Hardware.Ports.UnmappedReads);
        Assert.Equal(0, run.Vm.Hardware.Ports.UnmappedWrites);
        Assert.Equal(0x90, run.Vm.Hardware.Memory.Read8(0x584)); // booted from 1 MB drive 0
    }

    [Fact]
    public void Dir_lists_the_diskette_and_type_shows_its_japanese_document()
    {
        using var run = new Pc98Run(FreeDos98);
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("dir\r"), Expect("バイトの空き容量があります"),
            Send("cls\rtype sys_fd98.txt\r"), Expect("5秒に設定。"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        output.WriteLine(run.Screen);
        // The document's last lines, in Shift-JIS on the diskette, as Unicode on the screen.
        Assert.Contains("SYS CONFIG \\kernel.sys for=1 glo=1 sho=1 ski=5", run.Screen);
        Assert.Contains("割り当て状況を表示、CONFIG.SYSの処理待ちを5秒に設定。", run.Screen);
    }

    [Fact]
    public void Copy_to_a_second_1_23m_diskette_gives_a_byte_identical_file()
    {
        byte[] blank = FatVolume.Format(FloppyGeometry.Floppy1232K, new FatFormatOptions { Timestamp = new DateTime(2025, 1, 1) }).ToArray();
        using var run = new Pc98Run(FreeDos98, blank);
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("copy sys_fd98.txt b:\r"), Expect("b:sys_fd98.txt\nA:\\>"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        Assert.Contains("B: FD1 2HD #1", run.Screen);
        run.Machine.Dispose();
        Assert.Equal(FatVolume.Open(FreeDos98).ReadFile("SYS_FD98.TXT"), FatVolume.Open(File.ReadAllBytes(run.ImageB!)).ReadFile("SYS_FD98.TXT"));
    }

    [Fact]
    public void Mem_counts_640k_and_debug_dumps_the_bios_work_area()
    {
        using var run = new Pc98Run(FreeDos98);
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("mem\r"), Expect("Largest executable"),
            Send("cls\rdebug\rd 0:500 l10\rq\r"), Expect("-q"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        // 0000:0500h-0501h: normal mode and the 1 MB interface, 640 KiB
        Assert.Contains("0000:0500  03 24", run.Screen);
        Assert.True(PromptAfter(run.Screen, "-q") || run.Screen.Contains("-q"));
    }
}
