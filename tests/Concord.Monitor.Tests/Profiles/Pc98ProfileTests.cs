using Concord.Devices.Calendar;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Video;
using Concord.Monitor.Profiles;
using Concord.Monitor.Tests.Pc98;

namespace Concord.Monitor.Tests.Profiles;

public sealed class Pc98ProfileTests
{
    [Fact]
    public void Profiles_are_found_by_name_the_old_name_nx_too_and_an_unknown_name_lists_the_valid_ones()
    {
        Assert.Same(PlatformProfile.Pc98, PlatformProfile.FromName("pc98"));
        Assert.Same(PlatformProfile.Pc98, PlatformProfile.FromName("NX"));
        Assert.Same(PlatformProfile.At, PlatformProfile.FromName("AT"));
        Assert.Null(PlatformProfile.Find("pc88"));
        var e = Assert.Throws<ArgumentException>(() => PlatformProfile.FromName("pc88"));
        Assert.Contains("'pc88'", e.Message);
        Assert.Contains("valid: at, pc98", e.Message);
    }

    [Fact]
    public void The_at_profile_is_the_machine_as_it_is()
    {
        PlatformProfile at = PlatformProfile.At;
        Assert.Equal(File.ReadAllBytes(RepoPaths.Firmware("bios", "bios.bin")), at.LoadBios());
        Assert.Equal(PlatformBoard.At, at.Board);
        Assert.Equal(0xB8000u, at.TextMemoryAddress);
        Assert.Equal(FloppyDriveType.Drive1440K, at.DefaultDriveType);
        Assert.Equal(["3D4h-3D5h", "3D8h-3DAh"], at.VideoPorts.Select(p => p.ToString()));
        Assert.Equal(4, at.MemoryStepKib);
    }

    [Fact]
    public void The_pc98_profile_has_the_pc98_board_its_own_bios_text_vram_and_1_mb_drives()
    {
        PlatformProfile pc98 = PlatformProfile.Pc98;
        Assert.Equal(PlatformBoard.Pc98, pc98.Board);
        Assert.Equal(File.ReadAllBytes(RepoPaths.Firmware("bios98", "bios98.bin")), pc98.LoadBios());
        Assert.Equal(0xA0000u, pc98.TextMemoryAddress);
        Assert.Equal(0x4000, pc98.TextMemorySize);
        Assert.Equal(FloppyDriveType.Drive1200K, pc98.DefaultDriveType);
        Assert.Equal(FloppyGeometry.Floppy1232K, pc98.NativeMedium);
        Assert.Equal(["60h", "62h"], pc98.VideoPorts.Select(p => p.ToString()));
        Assert.Equal(128, pc98.MemoryStepKib);
        Assert.Equal(128, pc98.MinMemoryKib);
    }

    [Fact]
    public void A_pc98_vm_has_the_pc98_chips_at_the_pc98_ports_and_none_of_the_ats()
    {
        using var run = new Pc98Run(FreeDos98Tests.FreeDos98);
        var hardware = run.Vm.Hardware;
        var ports = hardware.Ports;

        Assert.IsType<Pc98TextVideo>(hardware.Video.Device);
        Assert.Same(hardware.Video.Device, ports.DeviceAt(0x60));
        Assert.Same(hardware.Video.Device, ports.DeviceAt(0x62));
        Assert.IsType<Usart8251>(ports.DeviceAt(0x41));
        Assert.IsType<Upd1990a>(ports.DeviceAt(0x20));
        Assert.IsType<Pc98FdcInterface>(ports.DeviceAt(0x94));
        foreach (ushort port in (ushort[])[0x00, 0x02, 0x08, 0x0A, 0x01, 0x23, 0x71, 0x77, 0x33, 0x43, 0x90, 0x92, 0xA0])
            Assert.NotNull(ports.DeviceAt(port));
        foreach (ushort atPort in (ushort[])[0xA1, 0x40, 0x61, 0x64, 0x70, 0x81, 0x3D4, 0x3F2, 0x3F5])
            Assert.Null(ports.DeviceAt(atPort));
        Assert.Null(hardware.Rtc);
        Assert.Equal(11, hardware.FloppyIrq);
        Assert.Equal(Pic8259Pair.Pc98CascadeIrq, hardware.Pic.CascadeIrq);
        Assert.Equal(Concord.Devices.Pit.Pit8254.Pc98InputFrequencyHz, hardware.Pit.FrequencyHz);
        Assert.Null(hardware.Memory.GetPage(0xB8).Block);
        // The memory switches as the battery keeps them: 640 KiB in 128 KiB units - 1, the year.
        Assert.Equal(4, hardware.Memory.Read8(0xA3FEA));
        Assert.Equal(0x25, hardware.Memory.Read8(0xA3FFE)); // the default virtual start, 2025
    }
}
