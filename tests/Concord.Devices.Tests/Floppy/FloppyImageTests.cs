using System.Runtime.InteropServices;
using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Floppy;

public sealed partial class FloppyImageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("concord-floppy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NewFile(long size, string name = "disk.img")
    {
        string path = Path.Combine(_dir, name);
        using (var f = File.Create(path)) f.SetLength(size);
        return path;
    }

    public static TheoryData<int> StandardSizes() => [.. FloppyGeometry.Standard.Select(g => (int)g.TotalBytes)];

    [Theory]
    [MemberData(nameof(StandardSizes))]
    public void Geometry_comes_from_the_file_size(int size)
    {
        using var image = FloppyImage.Open(NewFile(size), readOnly: true);
        Assert.Equal(size, image.Geometry.TotalBytes);
    }

    [Fact]
    public void Sizes_name_the_formats_of_the_issue()
    {
        Assert.Equal(1_474_560, FloppyGeometry.Floppy1440K.TotalBytes);
        Assert.Equal(1_261_568, FloppyGeometry.Floppy1232K.TotalBytes);
        Assert.Equal(1024, FloppyGeometry.Floppy1232K.SectorSize);
        Assert.Equal(163_840, FloppyGeometry.Floppy160K.TotalBytes);
        Assert.Equal(2_949_120, FloppyGeometry.Floppy2880K.TotalBytes);
    }

    [Fact]
    public void Image_of_no_known_size_is_refused_naming_file_size_and_valid_sizes()
    {
        string path = NewFile(1_474_561);
        var e = Assert.Throws<FloppyImageException>(() => FloppyImage.Open(path, readOnly: false));
        Assert.Contains(path, e.Message);
        Assert.Contains("1474561", e.Message);
        Assert.Contains("1474560 (1.44M)", e.Message);
        Assert.Contains("1261568 (1.23M)", e.Message);
    }

    [Fact]
    public void Explicit_geometry_must_match_the_size()
    {
        string path = NewFile(737_280);
        var e = Assert.Throws<FloppyImageException>(() => FloppyImage.Open(path, false, FloppyGeometry.Floppy1440K));
        Assert.Contains("737280", e.Message);
        Assert.Contains("1474560", e.Message);
        using var image = FloppyImage.Open(path, false, FloppyGeometry.Floppy720K);
        Assert.Equal(9, image.Geometry.SectorsPerTrack);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Named_pipe_is_refused_without_waiting_for_a_writer(bool readOnly)
    {
        using var files = new Concord.TestSupport.TempFiles();
        string? pipe = files.MakeFifo("pipe.img");
        if (pipe is null) Assert.Skip("this system has no mkfifo");

        var e = Assert.Throws<FloppyImageException>(() => FloppyImage.Open(pipe, readOnly));

        Assert.Contains(pipe, e.Message);
        Assert.Contains("not a regular file", e.Message);
    }

    [Fact]
    public void Missing_file_is_refused_with_its_name()
    {
        string path = Path.Combine(_dir, "nope.img");
        var e = Assert.Throws<FloppyImageException>(() => FloppyImage.Open(path, readOnly: true));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Second_open_of_an_image_in_use_is_refused()
    {
        string path = NewFile(1_474_560);
        using var first = FloppyImage.Open(path, readOnly: false);
        var e = Assert.Throws<FloppyImageException>(() => FloppyImage.Open(path, readOnly: false));
        Assert.Contains("another process", e.Message);
        Assert.Throws<FloppyImageException>(() => FloppyImage.Open(path, readOnly: true));
    }

    [Fact]
    public void Image_can_be_opened_again_after_dispose()
    {
        string path = NewFile(1_474_560);
        FloppyImage.Open(path, readOnly: false).Dispose();
        using var again = FloppyImage.Open(path, readOnly: false);
        Assert.NotNull(again);
    }

    [Fact]
    public void Read_only_image_is_write_protected_for_good()
    {
        using var image = FloppyImage.Open(NewFile(737_280), readOnly: true);
        image.WriteProtected = false;
        Assert.True(image.WriteProtected);
        Assert.False(image.WriteSector(0, new byte[512]));
    }

    [Fact]
    public void Sector_writes_reach_the_file_before_flush_or_dispose()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("reads the locked file through libc");
        string path = NewFile(1_474_560);
        using var image = FloppyImage.Open(path, readOnly: false);
        var sector = Enumerable.Range(0, 512).Select(i => (byte)(i + 3)).ToArray();
        Assert.True(image.WriteSector(FloppyGeometry.Floppy1440K.SectorIndex(1, 1, 1), sector));
        var onDisk = ReadBehindTheLock(path, (18 * 3) * 512, 512);
        Assert.Equal(sector, onDisk);
    }

    [Fact]
    public void Dispose_flushes_and_may_be_repeated()
    {
        string path = NewFile(737_280);
        var image = FloppyImage.Open(path, readOnly: false);
        image.WriteSector(0, Enumerable.Repeat((byte)0xAB, 512).ToArray());
        image.Flush();
        image.Dispose();
        image.Dispose();
        Assert.Equal(0xAB, File.ReadAllBytes(path)[511]);
    }

    [Fact]
    public void Created_file_is_a_blank_image_and_is_not_overwritten()
    {
        string path = Path.Combine(_dir, "new.img");
        FloppyImage.CreateFile(path, FloppyGeometry.Floppy1232K);
        Assert.Equal(1_261_568, new FileInfo(path).Length);
        Assert.Throws<FloppyImageException>(() => FloppyImage.CreateFile(path, FloppyGeometry.Floppy1232K));
    }

    /// <summary>Reads the file with open/pread, which ignore the advisory lock that FileStream honours.</summary>
    private static byte[] ReadBehindTheLock(string path, long offset, int count)
    {
        int fd = Open(path, 0);
        Assert.True(fd >= 0);
        try
        {
            var buffer = new byte[count];
            Assert.Equal(count, (int)PRead(fd, buffer, count, offset));
            return buffer;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread")]
    private static partial nint PRead(int fd, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
