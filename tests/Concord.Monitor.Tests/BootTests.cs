using Concord.Core.Cpu;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests;

public sealed class BootTests
{
    /// <summary>A FAT12 diskette whose boot code prints the marker, DL as hex, and exits with 21h.</summary>
    private static byte[] DiskThatReportsItsDrive() => Fat12Image.Bootable(asm =>
    {
        asm.mov(bl, dl);
        asm.Print(TestPc.BootMarker + "drive ");
        asm.mov(al, bl);
        asm.PrintHexAl();
        asm.DebugExit(0x21);
    });

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Bios_boots_drive_A_with_DL_00h(CpuModel model)
    {
        using var pc = new TestPc(DiskThatReportsItsDrive(), model: model);

        MachineOutcome outcome = pc.Run();

        Assert.Equal(StopReason.DebugExit, outcome.Stop);
        Assert.Equal(0x43, outcome.ExitStatus);
        Assert.Equal("drive 00", pc.GuestOutput);
        Assert.Contains($"Concord BIOS 1.0 ({model.Name()})  640K base memory  A: 1.44M  B: none", pc.Console); // the CPU the BIOS finds
    }

    [Fact]
    public void Bios_boots_drive_B_when_A_is_empty()
    {
        using var pc = new TestPc(floppyA: null, floppyB: DiskThatReportsItsDrive());

        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x43, outcome.ExitStatus);
        Assert.Equal("drive 01", pc.GuestOutput);
    }
}

