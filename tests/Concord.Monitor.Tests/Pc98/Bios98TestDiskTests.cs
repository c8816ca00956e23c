using Concord.Monitor.Machines;
using static Concord.Monitor.Tests.Pc98.Pc98Run;

namespace Concord.Monitor.Tests.Pc98;

/// <summary>
/// The PC-98 BIOS's INT 1Bh checked against the floppy controller by its test diskette
/// (firmware/bios98/test/bios98test.asm), which reports each check on the debug console; drive B:
/// holds a write-protected copy. The same checks run on the shared controller of the machine,
/// through the PC-98 VM's 1 MB interface and the management table.
/// </summary>
public sealed class Bios98TestDiskTests(ITestOutputHelper output)
{
    private static readonly string[] Checks =
    [
        "sense", "sense-no-drive", "other-da", "recalibrate", "recalibrate-cylinder", "read-id-seek", "read",
        "read-multitrack", "no-data", "no-data-st1", "dma-boundary", "write", "read-back", "verify", "format",
        "format-read", "sense-protected", "write-protected", "calendar",
    ];

    [Theory]
    [InlineData(Concord.Core.Cpu.CpuModel.I8086)]
    [InlineData(Concord.Core.Cpu.CpuModel.I80286)]
    public void Every_check_of_the_test_diskette_passes(Concord.Core.Cpu.CpuModel cpu)
    {
        byte[] test = File.ReadAllBytes(RepoPaths.Firmware("bios98", "test", "bios98test.img"));
        using var run = new Pc98Run(test, test, cpu, readOnlyB: true, start: new DateTime(2031, 7, 8, 9, 10, 11));

        MachineOutcome outcome = run.Run(Expect("never shown"));
        output.WriteLine(run.Console);

        Assert.Equal(StopReason.PowerOff, outcome.Stop);
        Assert.DoesNotContain("FAIL", run.Console);
        foreach (string check in Checks) Assert.Contains($"ok {check}\n", run.Console);
        Assert.Contains("317208 ok calendar", run.Console); // 2031, July and a Tuesday, the 8th
        run.Machine.Dispose();
        // The write and the format reached the diskette where the checks put them (LBA = (C x 2 + H) x 8 + R - 1).
        byte[] disk = File.ReadAllBytes(run.ImageA);
        Assert.All(disk.AsSpan(((75 * 2 + 0) * 8 + 4) * 1024, 1024).ToArray(), b => Assert.Equal(0xE5, b));
        Assert.Equal(1 * 7 + 1, disk[((70 * 2 + 1) * 8 + 2) * 1024 + 1]);
        Assert.Equal(test, File.ReadAllBytes(run.ImageB!));
    }
}
