using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Devices.Video;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.Profiles;

public sealed class NxProfileTests
{
    private static string Firmware(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Concord.sln"))) return Path.Combine([dir.FullName, "firmware", .. parts]);
        throw new InvalidOperationException($"no Concord.sln above {AppContext.BaseDirectory}");
    }

    private static FloppyImage NxSystemDisk() => FloppyImage.FromBytes(File.ReadAllBytes(Firmware("os", "cdos-nx.img")));

    private static bool AtPrompt(ProfileTestMachine m) => m.Screen().ToText().Split('\n').Any(l => l == "A:\\>");

    [Fact]
    public void Profiles_are_found_by_name_and_an_unknown_name_lists_the_valid_ones()
    {
        Assert.Same(PlatformProfile.Nx, PlatformProfile.FromName("nx"));
        Assert.Same(PlatformProfile.At, PlatformProfile.FromName("AT"));
        Assert.Null(PlatformProfile.Find("pc98"));
        var e = Assert.Throws<ArgumentException>(() => PlatformProfile.FromName("pc98"));
        Assert.Contains("'pc98'", e.Message);
        Assert.Contains("valid: at, nx", e.Message);
    }

    [Fact]
    public void The_at_profile_is_the_machine_as_it_is()
    {
        PlatformProfile at = PlatformProfile.At;
        Assert.Equal(File.ReadAllBytes(Firmware("bios", "bios.bin")), at.LoadBios());
        Assert.Equal(0xB8000u, at.TextMemoryAddress);
        Assert.Equal(FloppyDriveType.Drive1440K, at.DefaultDriveType);
        Assert.Equal(["3D4h-3D5h", "3D8h-3DAh"], at.VideoPorts.Select(p => p.ToString()));
    }

    [Fact]
    public void The_nx_profile_has_its_own_bios_text_memory_video_and_drive()
    {
        PlatformProfile nx = PlatformProfile.Nx;
        byte[] bios = nx.LoadBios();
        Assert.Equal(PlatformProfile.BiosSize, bios.Length);
        Assert.Equal(File.ReadAllBytes(Firmware("bios", "bios-nx.bin")), bios);
        Assert.NotEqual(PlatformProfile.At.LoadBios(), bios);
        Assert.Equal(0xA0000u, nx.TextMemoryAddress);
        Assert.Equal(0x4000, nx.TextMemorySize);
        Assert.Equal(FloppyDriveType.Drive1200K, nx.DefaultDriveType);
        Assert.Equal(FloppyGeometry.Floppy1232K, nx.NativeMedium);
        Assert.Equal(["E0h", "E2h"], nx.VideoPorts.Select(p => p.ToString()));
    }

    [Fact]
    public void Each_vm_gets_its_own_video_device()
    {
        using var one = new ProfileTestMachine(PlatformProfile.Nx, NxSystemDisk());
        using var two = new ProfileTestMachine(PlatformProfile.Nx, NxSystemDisk());
        Assert.IsType<Pc98TextVideo>(one.Video.Device);
        Assert.NotSame(one.Video.Device, two.Video.Device);
        Assert.Same(one.Video.Device, one.Ports.DeviceAt(0xE0));
        Assert.Same(one.Video.Device, one.Ports.DeviceAt(0xE2));
        Assert.Null(one.Ports.DeviceAt(0x3D4));
        Assert.IsType<Concord.Devices.Keyboard.Kbc8042>(one.Ports.DeviceAt(0x60));
    }

    [Fact]
    public void Concord_dos_boots_on_the_nx_machine_to_its_prompt_on_the_pc98_screen()
    {
        using var machine = new ProfileTestMachine(PlatformProfile.Nx, NxSystemDisk());

        Assert.True(machine.RunUntil(AtPrompt, seconds: 30), machine.Console + "\n---\n" + machine.Screen());

        Assert.Contains("Concord BIOS 1.0 (8086) nx  640K base memory  A: 1.23M", machine.Console); // the nx drive reads 1.23M media
        Assert.DoesNotContain("cannot read", machine.Console);
        TextScreen screen = machine.Screen();
        Assert.Contains("(nx)", screen.ToText());
        // The prompt is in the PC-98 layout: character words at A0000h, white "shown" attributes at A2000h.
        int row = screen.ToText().Split('\n').ToList().LastIndexOf("A:\\>");
        uint cell = (uint)(row * 80);
        Assert.Equal((byte)'A', machine.Memory.Read8(0xA0000 + cell * 2));
        Assert.Equal(0, machine.Memory.Read8(0xA0000 + cell * 2 + 1));
        Assert.Equal(0xE1, machine.Memory.Read8(0xA2000 + cell * 2));
        // The GDC cursor follows the prompt.
        Assert.Equal((row, 4), (screen.CursorRow, screen.CursorColumn));
        Assert.True(screen.CursorVisible);
    }

    [Fact]
    public void Dir_on_the_nx_machine_lists_the_files_of_the_1_23m_diskette()
    {
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(Firmware("os", "cdos-nx.img")));
        using var machine = new ProfileTestMachine(PlatformProfile.Nx, NxSystemDisk());
        Assert.True(machine.RunUntil(AtPrompt, seconds: 30), machine.Screen().ToText());

        machine.TypeLine("DIR");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("bytes free") && AtPrompt(m), seconds: 30), machine.Screen().ToText());

        string text = machine.Screen().ToText();
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Assert.Contains("A:\\>DIR", text);
        foreach (FatDirectoryEntry entry in volume.List())
        {
            string[] parts = entry.Name.Split('.');
            Assert.Contains($"{parts[0],-8} {parts[1],-3}{entry.Size,10}", text);
        }
        Assert.Contains($"{volume.FreeBytes,31} bytes free", text);
    }

    [Fact]
    public void Scrolling_and_cls_fill_with_the_pc98_white_attribute()
    {
        using var machine = new ProfileTestMachine(PlatformProfile.Nx, NxSystemDisk());
        Assert.True(machine.RunUntil(AtPrompt, seconds: 30), machine.Screen().ToText());

        machine.TypeLine("DIR");
        machine.TypeLine("DIR");
        machine.TypeLine("VER");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>VER") && AtPrompt(m), seconds: 30), machine.Screen().ToText());
        TextScreen scrolled = machine.Screen();
        Assert.DoesNotContain("Concord BIOS", scrolled.ToText()); // scrolled off the top
        Assert.Equal(24, scrolled.CursorRow);
        for (uint cell = 0; cell < 2000; cell++) Assert.Equal(0xE1, machine.Memory.Read8(0xA2000 + cell * 2));

        machine.TypeLine("CLS");
        Assert.True(machine.RunUntil(m => m.Screen().ToText().Trim('\n') == "A:\\>", seconds: 30), machine.Screen().ToText());
        TextScreen cleared = machine.Screen();
        Assert.Equal("A:\\>", cleared.Line(cleared.CursorRow));
        Assert.Equal(4, cleared.CursorColumn);
        for (uint cell = 0; cell < 2000; cell++) Assert.Equal(0xE1, machine.Memory.Read8(0xA2000 + cell * 2));
        Assert.Equal(0x07, cleared.AttributeAt(10, 10));
    }

    [Fact]
    public void The_nx_bios_boots_a_1024_byte_sector_and_int13_knows_77_cylinders()
    {
        byte[] image = new byte[FloppyGeometry.Floppy1232K.TotalBytes];
        byte[] code =
        [
            0xEB, 0x00,                         // jmp $+2 (a boot sector starts with a jump)
            0xB4, 0x08, 0xB2, 0x00, 0xCD, 0x13, // INT 13h AH=08h, drive 0
            0x88, 0xE8, 0xE6, 0xE9,             // CH (last cylinder) to E9h
            0x88, 0xC8, 0xE6, 0xE9,             // CL (sectors per track)
            0x88, 0xD8, 0xE6, 0xE9,             // BL (drive type)
            0x31, 0xC0, 0x8E, 0xC0, 0x8E, 0xD8, // ES = DS = 0
            0xBB, 0x00, 0x80,                   // BX = 8000h
            0xB8, 0x01, 0x02,                   // read 1 sector
            0xB9, 0x08, 0x4C,                   // cylinder 76, sector 8
            0xBA, 0x00, 0x01,                   // head 1, drive 0
            0xCD, 0x13,
            0x88, 0xE0, 0xE6, 0xE9,             // AH (status)
            0xA0, 0x00, 0x80, 0xE6, 0xE9,       // the sector's first byte
            0xB0, 0x01, 0xE6, 0xEF,             // power off
            0xFA, 0xF4,
        ];
        code.CopyTo(image, 0);
        image[^1024] = 0x5A;
        using var machine = new ProfileTestMachine(PlatformProfile.Nx, FloppyImage.FromBytes(image));

        Assert.True(machine.RunUntil(m => m.PoweredOff, seconds: 30), machine.Console);

        Assert.EndsWith("\u004C\u0008\u0002\u0000\u005A", machine.Console); // 76, 8, type 2, OK, the marker
    }

    [Fact]
    public void The_at_profile_boots_its_own_image_in_the_same_harness()
    {
        using var machine = new ProfileTestMachine(PlatformProfile.At, FloppyImage.FromBytes(File.ReadAllBytes(Firmware("os", "cdos-at.img"))));
        Assert.True(machine.RunUntil(AtPrompt, seconds: 30), machine.Console + "\n---\n" + machine.Screen());
        Assert.Contains("(at)", machine.Screen().ToText());
        Assert.Equal((byte)'A', machine.Memory.Read8(0xB8000 + (uint)machine.Screen().CursorRow * 160));
    }
}
