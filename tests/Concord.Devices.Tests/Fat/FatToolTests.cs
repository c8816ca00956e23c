using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Fat;

/// <summary>
/// Cross-checks with other FAT implementations: mtools reads what we write, we read what mtools and
/// mkfs.fat write, fsck.fat finds nothing wrong. Reported skipped where a tool is not installed.
/// </summary>
public sealed class FatToolTests : IDisposable
{
    private static readonly DateTime When = new(2024, 2, 29, 13, 14, 16);
    private readonly FatTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    [InlineData("720K")]
    [InlineData("360K")]
    public void Mtools_lists_and_copies_out_what_we_wrote(string format)
    {
        string mdir = HostTools.Require("mdir", "mtools");
        string mcopy = HostTools.Require("mcopy", "mtools");
        var volume = FatVolume.Format(FatFormatTests.Geometry(format), new FatFormatOptions { Label = "CONCORD", Timestamp = When });
        byte[] big = FatTestFiles.Pattern(volume.ClusterSize * 37 + 5, 9);
        volume.CreateDirectory("SUB", When);
        volume.WriteFile("SUB/BIG.BIN", big, When);
        volume.WriteFile("HELLO.TXT", "hello\r\n"u8, When);
        volume.WriteFile("GONE.TXT", "x"u8, When);
        volume.DeleteFile("GONE.TXT");
        string image = _files.Write("ours.img", volume.ToArray());

        var (status, listing, stderr) = HostTools.Run(mdir, "-i", image, "::");
        Assert.True(status == 0, stderr);
        Assert.Contains("Volume in drive : is CONCORD", listing);
        Assert.Matches(@"HELLO\s+TXT\s+7 2024-02-29\s+13:14", listing);
        Assert.Matches(@"SUB\s+<DIR>", listing);
        Assert.DoesNotContain("GONE", listing);
        Assert.Contains($"{Grouped(volume.FreeBytes)} bytes free", listing);

        string copied = _files.PathOf("big.out");
        (status, _, stderr) = HostTools.Run(mcopy, "-n", "-i", image, "::SUB/BIG.BIN", copied);
        Assert.True(status == 0, stderr);
        Assert.Equal(big, File.ReadAllBytes(copied));
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Fsck_finds_nothing_wrong_after_writes_and_deletes(string format)
    {
        string fsck = HostTools.Require("fsck.fat", "dosfstools");
        var volume = FatVolume.Format(FatFormatTests.Geometry(format), new FatFormatOptions { Label = "CHECK", Timestamp = When });
        volume.CreateDirectory("D1", When);
        for (int i = 0; i < 60; i++) volume.WriteFile($"D1/F{i}.DAT", FatTestFiles.Pattern(i * 300, i), When);
        for (int i = 0; i < 60; i += 3) volume.DeleteFile($"D1/F{i}.DAT");
        volume.WriteFile("FILL.BIN", FatTestFiles.Pattern((int)volume.FreeBytes, 1), When);
        string image = _files.Write("checked.img", volume.ToArray());

        var (status, stdout, stderr) = HostTools.Run(fsck, "-n", "-v", image);

        Assert.True(status == 0, stdout + stderr);
        Assert.DoesNotContain("Free cluster summary wrong", stdout);
        Assert.Contains($"{volume.Parameters.ClusterCount}/{volume.Parameters.ClusterCount} clusters", stdout);
    }

    [Theory]
    [InlineData("1.44M", "1440")]
    [InlineData("1.23M", "1232")]
    [InlineData("720K", "720")]
    public void We_read_files_mtools_put_on_a_mkfs_fat_volume_and_delete_one_cleanly(string format, string kilobytes)
    {
        string mkfs = HostTools.Require("mkfs.fat", "dosfstools");
        string mcopy = HostTools.Require("mcopy", "mtools");
        string mdir = HostTools.Require("mdir", "mtools");
        string image = _files.PathOf("theirs.img");
        string[] layout = format == "1.23M" ? ["-S", "1024", "-s", "1", "-r", "192", "-M", "0xFE", "-g", "2/8"] : [];
        var (status, _, stderr) = HostTools.Run(mkfs, [.. layout, "-C", "-F", "12", "-i", "CAFE0123", "-n", "THEIRS", image, kilobytes]);
        Assert.True(status == 0, stderr);
        byte[] text = FatTestFiles.Pattern(3000, 5);
        byte[] longNamed = FatTestFiles.Pattern(700, 6);
        string host = _files.Write("data.txt", text);
        string hostLong = _files.Write("a long name.text", longNamed);
        (status, _, stderr) = HostTools.Run(mcopy, "-i", image, host, "::DATA.TXT");
        Assert.True(status == 0, stderr);
        (status, _, stderr) = HostTools.Run(mcopy, "-i", image, hostLong, "::");
        Assert.True(status == 0, stderr);

        using (var file = FloppyImage.Open(image, readOnly: false))
        {
            var volume = FatVolume.Open(file);
            Assert.Equal("THEIRS", volume.Label);
            Assert.Equal(0xCAFE0123u, volume.VolumeId);
            Assert.Equal(FatParameters.For(FatFormatTests.Geometry(format)), volume.Parameters);
            Assert.Equal(text, volume.ReadFile("DATA.TXT"));
            FatDirectoryEntry shortName = Assert.Single(volume.List(), e => e.Name != "DATA.TXT");
            Assert.StartsWith("ALONGN", shortName.Name);
            Assert.Equal(longNamed, volume.ReadFile(shortName.Name));
            volume.DeleteFile(shortName.Name); // with its long-name entries
        }

        string listing;
        (status, listing, stderr) = HostTools.Run(mdir, "-i", image, "::");
        Assert.True(status == 0, stderr);
        Assert.DoesNotContain("long name", listing);
        Assert.Contains("DATA     TXT      3000", listing);
        if (TestSupport.HostTools.Find("fsck.fat") is { } fsck)
        {
            (status, string report, stderr) = HostTools.Run(fsck, "-n", image);
            Assert.True(status == 0, report + stderr);
        }
    }

    [Theory]
    [InlineData("360K", "360")]
    [InlineData("720K", "720")]
    [InlineData("1.2M", "1200")]
    [InlineData("1.44M", "1440")]
    public void Mkfs_fat_chooses_the_same_layout_for_the_standard_pc_formats(string format, string kilobytes)
    {
        string mkfs = HostTools.Require("mkfs.fat", "dosfstools");
        string image = _files.PathOf($"mkfs-{format}.img");
        var (status, _, stderr) = HostTools.Run(mkfs, "-C", image, kilobytes);
        Assert.True(status == 0, stderr);

        var theirs = FatVolume.Open(File.ReadAllBytes(image)).Parameters;

        Assert.Equal(FatParameters.For(FatFormatTests.Geometry(format)), theirs);
    }

    private static string Grouped(long value) => value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ');
}
