using Concord.Devices.Floppy.Fat;

namespace Concord.Monitor.Tests.Redirector;

/// <summary>
/// Real FreeDOS (kernel 2040, FreeCOM 0.82) uses host folders mounted through the monitor's
/// redirector, with no driver on its disk: its own DIR, TYPE, COPY, DEL, REN, MD, CD and RD.
/// </summary>
public sealed class FreeDosRedirectorTests
{
    [Fact]
    public void Dir_type_and_copy_both_ways_work_on_a_mounted_folder()
    {
        using var dos = MountedDos.FreeDos(('D', false));
        File.WriteAllText(dos.HostPath('D', "hello.txt"), "Hello from the host\r\n");
        dos.Boot();

        string dir = dos.Command("dir d:");
        Assert.Contains("HELLO    TXT            21", dir);
        Assert.Contains("1 file(s)", dir);
        Assert.Contains("Hello from the host", dos.Command("type d:\\hello.txt"));

        dos.Command("copy d:\\hello.txt a:\\fromhost.txt");
        dos.Command("copy a:\\config.sys d:\\config.cpy");
        dos.Stop();
        FatVolume disk = FatVolume.Open(File.ReadAllBytes(dos.Image), dos.Image);
        Assert.Equal(File.ReadAllBytes(dos.HostPath('D', "hello.txt")), disk.ReadFile("FROMHOST.TXT"));
        Assert.Equal(disk.ReadFile("CONFIG.SYS"), File.ReadAllBytes(dos.HostPath('D', "CONFIG.CPY")));
        // COPY gives the copy the original's date and time (INT 21h AX=5701h), which reaches the host file at close.
        Assert.Equal(new DateTime(2014, 2, 13, 21, 6, 54), File.GetLastWriteTime(dos.HostPath('D', "CONFIG.CPY")));
    }

    [Fact]
    public void Create_rename_delete_mkdir_chdir_and_rmdir_change_the_host_folder()
    {
        using var dos = MountedDos.FreeDos(('E', false)).Boot();

        dos.Command("echo written by freedos> e:\\new.txt");
        Assert.Equal("written by freedos\r\n", File.ReadAllText(dos.HostPath('E', "NEW.TXT")));
        dos.Command("ren e:\\new.txt renamed.txt");
        Assert.False(File.Exists(dos.HostPath('E', "NEW.TXT")));
        Assert.True(File.Exists(dos.HostPath('E', "RENAMED.TXT")));

        dos.Command("md e:\\sub");
        Assert.True(Directory.Exists(dos.HostPath('E', "SUB")));
        dos.Command("copy e:\\renamed.txt e:\\sub\\inner.txt");
        dos.Command("e:");
        dos.Command("cd sub");
        string listing = dos.Command("dir");
        Assert.Contains("Directory of E:\\SUB", listing);
        Assert.Contains("INNER    TXT", listing);
        Assert.Contains("written by freedos", dos.Command("type inner.txt"));
        dos.Command("cd \\");
        dos.Command("a:");

        dos.Command("del e:\\renamed.txt");
        Assert.False(File.Exists(dos.HostPath('E', "RENAMED.TXT")));
        dos.Command("rd e:\\sub");
        Assert.True(Directory.Exists(dos.HostPath('E', "SUB")), "RD removed a directory that is not empty");
        dos.Command("del e:\\sub\\inner.txt");
        dos.Command("rd e:\\sub");
        Assert.Empty(Directory.GetFileSystemEntries(dos.Folders['E']));
    }

    [Fact]
    public void A_file_changed_on_the_host_shows_at_the_next_dir()
    {
        using var dos = MountedDos.FreeDos(('D', false));
        File.WriteAllText(dos.HostPath('D', "before.txt"), "12345");
        dos.Boot();
        string first = dos.Command("dir d:");
        Assert.Contains("BEFORE   TXT             5", first);

        File.Delete(dos.HostPath('D', "before.txt"));
        File.WriteAllText(dos.HostPath('D', "after.txt"), "1234567890");
        string second = dos.Command("dir d:");
        Assert.DoesNotContain("BEFORE", second);
        Assert.Contains("AFTER    TXT            10", second);

        File.WriteAllText(dos.HostPath('D', "after.txt"), "changed on the host");
        Assert.Contains("changed on the host", dos.Command("type d:\\after.txt"));
    }

    [Fact]
    public void A_read_only_mount_refuses_every_change()
    {
        using var dos = MountedDos.FreeDos(('G', true));
        File.WriteAllText(dos.HostPath('G', "keep.txt"), "keep me");
        Directory.CreateDirectory(dos.HostPath('G', "EMPTY"));
        dos.Boot();

        Assert.Contains("keep me", dos.Command("type g:\\keep.txt"));
        dos.Command("copy a:\\config.sys g:\\");
        dos.Command("echo overwrite> g:\\keep.txt");
        dos.Command("del g:\\keep.txt");
        dos.Command("ren g:\\keep.txt other.txt");
        dos.Command("md g:\\newdir");
        dos.Command("rd g:\\empty");
        Assert.Equal("keep me", File.ReadAllText(dos.HostPath('G', "keep.txt")));
        Assert.Equal(["EMPTY", "keep.txt"], Directory.GetFileSystemEntries(dos.Folders['G']).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("KEEP     TXT", dos.Command("dir g:"));
    }

    [Fact]
    public void Colliding_long_names_show_under_distinct_aliases_that_open_their_own_file()
    {
        using var dos = MountedDos.FreeDos(('D', false));
        File.WriteAllText(dos.HostPath('D', "Quarterly Report One.txt"), "contents of report one");
        File.WriteAllText(dos.HostPath('D', "Quarterly Report Two.txt"), "contents of report two");
        dos.Boot();

        string[] aliases = dos.Command("dir d:\\*.txt /b").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, aliases.Length);
        Assert.All(aliases, a => Assert.Matches(@"^QUAR~[0-9A-Z]{3}\.TXT$", a));
        string[] shown = aliases.Select(a => dos.Command("type d:\\" + a)).ToArray();
        Assert.Equal(["contents of report one", "contents of report two"], shown.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_outside_the_folder_is_reachable_from_dos()
    {
        using var dos = MountedDos.FreeDos(('D', false));
        string outside = Path.Combine(Path.GetDirectoryName(dos.Folders['D'])!, "SECRET.TXT");
        File.WriteAllText(outside, "secret outside the mount");
        File.CreateSymbolicLink(dos.HostPath('D', "LINK.TXT"), outside);
        Directory.CreateSymbolicLink(dos.HostPath('D', "UP"), "..");
        File.WriteAllText(dos.HostPath('D', "con.txt"), "a device's name");
        dos.Boot();

        string dir = dos.Command("dir d:");
        Assert.DoesNotContain("LINK", dir);
        Assert.DoesNotContain(" UP ", dir);
        Assert.DoesNotContain("CON      TXT", dir);
        Assert.Contains("CON~", dir); // the device's name shows under an alias
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\link.txt"));
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\..\\secret.txt"));
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\up\\secret.txt"));
        dos.Command("copy a:\\config.sys d:\\..\\escaped.txt");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dos.Folders['D'])!, "ESCAPED.TXT")));
        dos.Command("copy a:\\config.sys d:\\up\\escaped.txt");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dos.Folders['D'])!, "ESCAPED.TXT")));
        Assert.Equal("secret outside the mount", File.ReadAllText(outside));
    }
}
