using Concord.Devices.Floppy;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests;

/// <summary>INT 13h through the FDC and DMA to the image file, the motor countdown, APM power off.</summary>
public sealed class DiskTests
{
    private const int SectorSize = 512;

    /// <summary>INT 13h AH=<paramref name="function"/>, one or more sectors at C/H/S of drive 0 to/from 0000:<paramref name="buffer"/>; on CF=1 exits with AH.</summary>
    private static void Int13(Assembler asm, byte function, byte count, byte cylinder, byte head, byte sector, ushort buffer)
    {
        Label ok = asm.CreateLabel();
        asm.xor(ax, ax);
        asm.mov(es, ax);
        asm.mov(ax, (ushort)(function << 8 | count));
        asm.mov(cx, (ushort)(cylinder << 8 | sector));
        asm.mov(dx, (ushort)(head << 8));
        asm.mov(bx, buffer);
        asm.@int(0x13);
        asm.jnc(ok);
        asm.mov(al, ah);
        asm.@out(GuestCode.DebugExitPort, al);
        asm.Label(ref ok);
    }

    private static int Lba(int c, int h, int s) => (c * 2 + h) * 18 + s - 1;

    [Fact]
    public void Int13h_reads_and_writes_reach_the_image_file_byte_for_byte()
    {
        // The guest writes a pattern to C1 H1 S3-4, and copies C2 H1 S11 (which the test filled) to C5 H1 S3.
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Label fill = asm.CreateLabel();
            asm.xor(ax, ax); asm.mov(es, ax); asm.cld();
            asm.mov(di, 0x1000); asm.mov(cx, 2 * SectorSize); asm.mov(al, 0);
            asm.Label(ref fill);
            asm.stosb(); asm.add(al, 7); asm.loop(fill);
            Int13(asm, 0x03, 2, 1, 1, 3, 0x1000);
            Int13(asm, 0x02, 1, 2, 1, 11, 0x2000);
            Int13(asm, 0x03, 1, 5, 1, 3, 0x2000);
            asm.DebugExit(0x2A);
        });
        var source = new byte[SectorSize];
        new Random(3).NextBytes(source);
        source.CopyTo(image, Lba(2, 1, 11) * SectorSize);

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();
        Assert.Equal((StopReason.DebugExit, 0x55), (outcome.Stop, outcome.ExitStatus));
        pc.Machine.Dispose();

        byte[] file = File.ReadAllBytes(pc.PathA!);
        byte[] pattern = Enumerable.Range(0, 2 * SectorSize).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(pattern, file.AsSpan(Lba(1, 1, 3) * SectorSize, 2 * SectorSize).ToArray());
        Assert.Equal(source, file.AsSpan(Lba(5, 1, 3) * SectorSize, SectorSize).ToArray());
        file.AsSpan(Lba(1, 1, 3) * SectorSize, 2 * SectorSize).Clear();
        file.AsSpan(Lba(5, 1, 3) * SectorSize, SectorSize).Clear();
        Assert.Equal(image.AsSpan(0, file.Length).ToArray().Select((b, i) => i >= Lba(1, 1, 3) * SectorSize && i < Lba(1, 1, 5) * SectorSize || i >= Lba(5, 1, 3) * SectorSize && i < Lba(5, 1, 4) * SectorSize ? (byte)0 : b).ToArray(), file);
    }

    [Fact]
    public void Reading_drive_B_uses_its_own_image()
    {
        // Booted from A:, the guest reads B:'s boot sector and prints its OEM name (bytes 3-10).
        byte[] a = Fat12Image.Bootable(asm =>
        {
            // The first access after the diskette went in reports a disk change (06h): retry, as DOS does.
            Label retry = asm.CreateLabel(), ok = asm.CreateLabel(), print = asm.CreateLabel();
            asm.xor(ax, ax); asm.mov(es, ax); asm.mov(ds, ax);
            asm.mov(si, 3);
            asm.Label(ref retry);
            asm.mov(ax, 0x0201); asm.mov(cx, 0x0001); asm.mov(dx, 0x0001); asm.mov(bx, 0x1000);
            asm.@int(0x13);
            asm.jnc(ok);
            asm.dec(si);
            asm.jnz(retry);
            asm.DebugExit(0x66);
            asm.Label(ref ok);
            asm.Print(TestPc.BootMarker);
            asm.mov(si, 0x1003); asm.mov(cx, 8);
            asm.Label(ref print);
            asm.lodsb(); asm.@out(GuestCode.DebugConsolePort, al); asm.loop(print);
            asm.DebugExit(0x2A);
        });
        byte[] b = Fat12Image.Floppy720K().Build();
        System.Text.Encoding.ASCII.GetBytes("DRIVE-B!").CopyTo(b, 3);

        using var pc = new TestPc(a, b);
        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x55, outcome.ExitStatus);
        Assert.Equal("DRIVE-B!", pc.GuestOutput);
        Assert.Equal(FloppyDriveType.Drive1440K, pc.Machine.Fdc.Controller.Drive(1)!.Type);
    }

    [Fact]
    public void Motor_countdown_of_the_timer_interrupt_turns_the_motor_off()
    {
        // Reads a sector (motor on), records the DOR, waits about 3 s with HLT, records the DOR again.
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Label wait = asm.CreateLabel();
            Int13(asm, 0x02, 1, 0, 0, 2, 0x1000);
            asm.mov(dx, 0x3F2); asm.@in(al, dx); asm.mov(bl, al);
            asm.sti();
            asm.mov(cx, 60); // ticks, 3.3 s: more than the 37-tick countdown
            asm.Label(ref wait);
            asm.hlt();
            asm.mov(ah, 0); asm.@int(0x1A); // keep the BIOS's tick count honest
            asm.loop(wait);
            asm.mov(dx, 0x3F2); asm.@in(al, dx); asm.mov(bh, al);
            asm.Print(TestPc.BootMarker);
            asm.mov(al, bl); asm.PrintHexAl();
            asm.Print(" ");
            asm.mov(al, bh); asm.PrintHexAl();
            asm.DebugExit(0x2A);
        });

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x55, outcome.ExitStatus);
        string[] dors = pc.GuestOutput.Split(' ');
        Assert.NotEqual(0, Convert.ToInt32(dors[0], 16) & 0x10); // motor A on after the read
        Assert.Equal(0, Convert.ToInt32(dors[1], 16) & 0xF0);    // all motors off after the countdown
        FloppyDrive drive = pc.Machine.Fdc.Controller.Drive(0)!;
        Assert.False(drive.MotorOn);
        Assert.InRange(drive.MotorStarts, 1, 3);
        Assert.InRange(drive.MotorOnTimeNs, 1_000_000_000L, 4_000_000_000L);
    }

    [Fact]
    public void Apm_power_off_ends_the_run_with_status_0_and_the_disk_written()
    {
        byte[] image = Fat12Image.Bootable(asm =>
        {
            asm.xor(ax, ax); asm.mov(es, ax); asm.cld();
            asm.mov(di, 0x1000); asm.mov(cx, SectorSize / 2); asm.mov(ax, 0xBEEF); asm.rep.stosw();
            Int13(asm, 0x03, 1, 79, 1, 18, 0x1000);
            asm.ApmPowerOff();
            asm.DebugExit(0x66); // not reached
        });

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();

        Assert.Equal((StopReason.PowerOff, 0), (outcome.Stop, outcome.ExitStatus));
        Assert.True(pc.Machine.Power.PowerCut);
        Assert.False(outcome.IsNoteworthy);
        pc.Machine.Dispose();
        byte[] last = File.ReadAllBytes(pc.PathA!).AsSpan(Lba(79, 1, 18) * SectorSize, SectorSize).ToArray();
        Assert.All(last.Chunk(2), w => Assert.Equal(new byte[] { 0xEF, 0xBE }, w));
    }

    [Fact]
    public void Spin_up_and_motor_waits_cost_no_host_time_with_the_virtual_clock()
    {
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Int13(asm, 0x02, 1, 0, 0, 2, 0x1000);
            asm.DebugExit(0x2A);
        });

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x55, outcome.ExitStatus);
        // The BIOS waits 1 s for the motor with HLT: that second is skipped, not spent executing.
        Assert.True(pc.Vm.SkippedNs >= 900_000_000, $"skipped {pc.Vm.SkippedNs} ns");
        Assert.True(outcome.Instructions * VirtualTime.DefaultNsPerInstruction < 500_000_000, $"{outcome.Instructions} instructions");
    }

    [Fact]
    public void Image_of_no_diskette_size_is_refused_naming_the_file_and_the_valid_sizes()
    {
        using var files = new TempFiles();
        string path = files.Write("odd.img", new byte[1000]);

        var e = Assert.Throws<FloppyImageException>(() => new Machine(Diskettes(path, null)));

        Assert.Contains(path, e.Message);
        Assert.Contains("1474560 (1.44M)", e.Message);
    }

    [Fact]
    public void Image_held_elsewhere_is_refused_and_drive_A_is_released_when_B_fails()
    {
        using var files = new TempFiles();
        string a = files.Write("a.img", Fat12Image.Floppy1440K().Build());
        string b = files.Write("b.img", Fat12Image.Floppy1440K().Build());
        using (FloppyImage.Open(b, readOnly: false))
        {
            var e = Assert.Throws<FloppyImageException>(() => new Machine(Diskettes(a, b)));
            Assert.Contains(b, e.Message);
            Assert.Contains("another process", e.Message);
        }
        using var again = new Machine(Diskettes(a, b)); // A: was not left locked
    }

    private static MachineSpec Diskettes(string a, string? b) =>
        MachineSpec.ForDiskettes(a, b, PlatformProfile.At, Core.Cpu.CpuModel.I80286, ClockKind.Virtual);
}
