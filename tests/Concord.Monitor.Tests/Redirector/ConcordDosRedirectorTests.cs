using Concord.Devices.Floppy.Fat;

namespace Concord.Monitor.Tests.Redirector;

/// <summary>
/// Concord DOS (firmware/os) uses host folders through the same redirector interface as
/// FreeDOS, in DOS 3.1-3.3's layout (it reports 3.30): its List of Lists, CDS, SDA and SFTs.
/// </summary>
public sealed class ConcordDosRedirectorTests
{
    internal static MountedDos Boot(params (char Letter, bool ReadOnly)[] mounts) =>
        new(RepoPaths.Firmware("os", "cdos-at.img"), "A:\\>", mounts);

    [Fact]
    public void Dir_type_and_copy_both_ways_work_on_a_mounted_folder()
    {
        using var dos = Boot(('D', false));
        File.WriteAllText(dos.HostPath('D', "hello.txt"), "Hello from the host\r\n");
        dos.Boot();

        string dir = dos.Command("dir d:");
        Assert.Contains("HELLO    TXT", dir);
        Assert.Contains("Hello from the host", dos.Command("type d:\\hello.txt"));
        Assert.Contains("1 file(s) copied", dos.Command("copy d:\\hello.txt a:\\fromhost.txt"));
        Assert.Contains("1 file(s) copied", dos.Command("copy a:\\readme.txt d:\\readme.cpy"));
        dos.Stop();
        FatVolume disk = FatVolume.Open(File.ReadAllBytes(dos.Image), dos.Image);
        Assert.Equal(File.ReadAllBytes(dos.HostPath('D', "hello.txt")), disk.ReadFile("FROMHOST.TXT"));
        Assert.Equal(disk.ReadFile("README.TXT"), File.ReadAllBytes(dos.HostPath('D', "README.CPY")));
    }

    [Fact]
    public void Create_rename_delete_mkdir_chdir_and_rmdir_change_the_host_folder()
    {
        using var dos = Boot(('E', false)).Boot();

        dos.Command("copy a:\\readme.txt e:\\new.txt");
        Assert.True(File.Exists(dos.HostPath('E', "NEW.TXT")));
        dos.Command("ren e:\\new.txt renamed.txt");
        Assert.False(File.Exists(dos.HostPath('E', "NEW.TXT")));
        Assert.True(File.Exists(dos.HostPath('E', "RENAMED.TXT")));

        dos.Command("md e:\\sub");
        Assert.True(Directory.Exists(dos.HostPath('E', "SUB")));
        dos.Command("copy e:\\renamed.txt e:\\sub\\inner.txt");
        dos.Command("e:");
        dos.Command("cd sub");
        Assert.Equal("E:\\SUB", dos.Command("cd"));
        string listing = dos.Command("dir");
        Assert.Contains("Directory of E:\\SUB", listing);
        Assert.Contains("INNER    TXT", listing);
        Assert.Contains("..", listing);
        dos.Command("cd ..");
        Assert.Equal("E:\\", dos.Command("cd"));
        dos.Command("a:");

        dos.Command("del e:\\renamed.txt");
        Assert.False(File.Exists(dos.HostPath('E', "RENAMED.TXT")));
        Assert.Contains("not empty", dos.Command("rd e:\\sub"));
        Assert.True(Directory.Exists(dos.HostPath('E', "SUB")));
        dos.Command("del e:\\sub\\inner.txt");
        dos.Command("rd e:\\sub");
        Assert.Empty(Directory.GetFileSystemEntries(dos.Folders['E']));
    }

    [Fact]
    public void A_file_changed_on_the_host_shows_at_the_next_dir()
    {
        using var dos = Boot(('D', false));
        File.WriteAllText(dos.HostPath('D', "before.txt"), "12345");
        dos.Boot();
        Assert.Matches(@"BEFORE   TXT\s+5 ", dos.Command("dir d:"));

        File.Delete(dos.HostPath('D', "before.txt"));
        File.WriteAllText(dos.HostPath('D', "after.txt"), "1234567890");
        string second = dos.Command("dir d:");
        Assert.DoesNotContain("BEFORE", second);
        Assert.Matches(@"AFTER    TXT\s+10 ", second);
        File.WriteAllText(dos.HostPath('D', "after.txt"), "changed on the host");
        Assert.Contains("changed on the host", dos.Command("type d:\\after.txt"));
    }

    [Fact]
    public void A_read_only_mount_refuses_every_change_with_access_denied()
    {
        using var dos = Boot(('R', true));
        File.WriteAllText(dos.HostPath('R', "keep.txt"), "keep me");
        Directory.CreateDirectory(dos.HostPath('R', "EMPTY"));
        dos.Boot();

        Assert.Contains("keep me", dos.Command("type r:\\keep.txt"));
        Assert.Contains("Access denied", dos.Command("copy a:\\readme.txt r:\\keep.txt"));
        Assert.Contains("Access denied", dos.Command("copy a:\\readme.txt r:\\new.txt"));
        Assert.Contains("Access denied", dos.Command("del r:\\keep.txt"));
        Assert.Contains("Duplicate file name or file not found", dos.Command("ren r:\\keep.txt other.txt"));
        Assert.Contains("Unable to create directory", dos.Command("md r:\\newdir"));
        Assert.Contains("not empty", dos.Command("rd r:\\empty"));
        Assert.Equal("keep me", File.ReadAllText(dos.HostPath('R', "keep.txt")));
        Assert.Equal(["EMPTY", "keep.txt"], Directory.GetFileSystemEntries(dos.Folders['R']).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Colliding_long_names_show_under_distinct_aliases_that_open_their_own_file()
    {
        using var dos = Boot(('D', false));
        File.WriteAllText(dos.HostPath('D', "Quarterly Report One.txt"), "contents of report one");
        File.WriteAllText(dos.HostPath('D', "Quarterly Report Two.txt"), "contents of report two");
        dos.Boot();

        string[] aliases = [.. System.Text.RegularExpressions.Regex.Matches(dos.Command("dir d:"), @"QUAR~([0-9A-Z]{3}) TXT").Select(m => $"QUAR~{m.Groups[1].Value}.TXT")];
        Assert.Equal(2, aliases.Distinct().Count());
        string[] shown = [.. aliases.Select(a => dos.Command("type d:\\" + a))];
        Assert.Equal(["contents of report one", "contents of report two"], shown.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_outside_the_folder_is_reachable()
    {
        using var dos = Boot(('D', false));
        string outside = Path.Combine(Path.GetDirectoryName(dos.Folders['D'])!, "SECRET.TXT");
        File.WriteAllText(outside, "secret outside the mount");
        File.CreateSymbolicLink(dos.HostPath('D', "LINK.TXT"), outside);
        Directory.CreateSymbolicLink(dos.HostPath('D', "UP"), "..");
        dos.Boot();

        string dir = dos.Command("dir d:");
        Assert.DoesNotContain("LINK", dir);
        Assert.DoesNotContain("UP ", dir);
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\link.txt"));
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\..\\secret.txt"));
        Assert.DoesNotContain("secret outside", dos.Command("type d:\\up\\secret.txt"));
        dos.Command("copy a:\\readme.txt d:\\..\\escaped.txt");
        dos.Command("copy a:\\readme.txt d:\\up\\escaped.txt");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dos.Folders['D'])!, "ESCAPED.TXT")));
        Assert.True(File.Exists(dos.HostPath('D', "ESCAPED.TXT")), "'..' at the root stays at the root, as in DOS");
        Assert.Equal("secret outside the mount", File.ReadAllText(outside));
    }

    [Fact]
    public void A_program_on_a_mounted_folder_runs_from_there()
    {
        using var dos = Boot(('D', false));
        File.Copy(RepoPaths.Firmware("apps", "HELLO.COM"), dos.HostPath('D', "HELLO.COM"));
        dos.Boot();
        Assert.Contains("from the mount", dos.Command("d:hello from the mount"));
        dos.Command("d:");
        Assert.Contains("again", dos.Command("hello again"));
    }
}
