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
}
