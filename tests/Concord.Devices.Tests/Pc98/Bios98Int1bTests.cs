using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Pc98;

/// <summary>
/// The PC-98 BIOS's INT 1Bh checked against the floppy controller by a test diskette of its own
/// (firmware/bios98/test/bios98test.asm), which reports each check on the debug console.
/// </summary>
public sealed class Bios98Int1bTests(ITestOutputHelper output)
{
    private static readonly string[] Checks =
    [
        "sense", "sense-no-drive", "other-da", "recalibrate", "recalibrate-cylinder", "read-id-seek", "read",
        "read-multitrack", "no-data", "no-data-st1", "dma-boundary", "write", "read-back", "verify", "format",
        "format-read", "sense-protected", "write-protected", "calendar",
    ];

    [Fact]
    public void Every_check_of_the_test_diskette_passes()
    {
        byte[] test = File.ReadAllBytes(RepoPaths.Under("firmware", "bios98", "test", "bios98test.img"));
        using var disk = FloppyImage.FromBytes(test);
        using var protectedDisk = FloppyImage.FromBytes(test, writeProtected: true);
        using var machine = new Pc98TestMachine(disk, protectedDisk, new DateTime(2031, 7, 8, 9, 10, 11));

        machine.RunUntil(m => m.Console.Contains("done\n"), 60);
        output.WriteLine(machine.Console);

        Assert.DoesNotContain("FAIL", machine.Console);
        foreach (string check in Checks) Assert.Contains($"ok {check}\n", machine.Console);
        Assert.Contains("317208 ok calendar", machine.Console); // 2031, July and a Tuesday, the 8th
        Assert.True(machine.PoweredOff);
        // The write and the format reached the diskette where the checks put them (LBA = (C x 2 + H) x 8 + R - 1).
        Assert.All(disk.Data.Slice(((75 * 2 + 0) * 8 + 4) * 1024, 1024).ToArray(), b => Assert.Equal(0xE5, b));
        Assert.Equal(1 * 7 + 1, disk.Data[((70 * 2 + 1) * 8 + 2) * 1024 + 1]);
        Assert.Equal(0, protectedDisk.SectorsWritten);
    }
}
