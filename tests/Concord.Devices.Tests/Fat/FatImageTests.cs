using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Fat;

/// <summary>Volumes on <see cref="FloppyImage"/>s: changed sectors only are written back, refusals write nothing.</summary>
public sealed class FatImageTests : IDisposable
{
    private static readonly DateTime When = new(2024, 1, 2, 3, 4, 6);
    private readonly FatTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string NewImageFile(FloppyGeometry geometry) =>
        _files.Write($"{Guid.NewGuid():N}.img", FatVolume.CreateImage(geometry, new FatFormatOptions { Timestamp = When }));

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void A_change_writes_only_the_sectors_it_changed_through_to_the_file(string format)
    {
        string path = NewImageFile(FatFormatTests.Geometry(format));
        byte[] expected;
        long written;
        using (var image = FloppyImage.Open(path, readOnly: false))
        {
            var volume = FatVolume.Open(image);
            volume.WriteFile("ONE.TXT", "1"u8, When);
            expected = volume.ToArray();
            written = image.SectorsWritten;
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal(4, written); // the data cluster, one sector of each FAT, one of the root directory
    }

    [Fact]
    public void A_refused_change_writes_nothing()
    {
        string path = NewImageFile(FloppyGeometry.Floppy1232K);
        byte[] before = File.ReadAllBytes(path);
        using (var image = FloppyImage.Open(path, readOnly: false))
        {
            var volume = FatVolume.Open(image);
            Assert.Throws<FatException>(() => volume.WriteFile("HUGE.BIN", new byte[2_000_000], When));
            Assert.Throws<FatException>(() => volume.WriteFile("BAD NAME", "x"u8, When));
            Assert.Throws<FatException>(() => volume.DeleteFile("NONE.TXT"));
            Assert.Equal(0, image.SectorsWritten);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Read_only_image_refuses_changes_but_reads()
    {
        string path = NewImageFile(FloppyGeometry.Floppy1440K);
        using (var image = FloppyImage.Open(path, readOnly: false)) FatVolume.Open(image).WriteFile("A.TXT", "abc"u8, When);

        using var readOnly = FloppyImage.Open(path, readOnly: true);
        var volume = FatVolume.Open(readOnly);

        Assert.Equal("abc"u8.ToArray(), volume.ReadFile("A.TXT"));
        var e = Assert.Throws<FatException>(() => volume.DeleteFile("A.TXT"));
        Assert.Equal(FatError.ReadOnly, e.Error);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Formatting_an_image_in_memory_gives_the_same_bytes_as_CreateImage()
    {
        var options = new FatFormatOptions { Label = "NX", Timestamp = When };
        using var image = FloppyImage.CreateInMemory(FloppyGeometry.Floppy1232K);

        var volume = FatVolume.Format(image, options);
        volume.WriteFile("HELLO.COM", [0xCD, 0x20], When);

        Assert.True(image.Data.SequenceEqual(volume.Data));
        var fresh = FatVolume.Open(FatVolume.CreateImage(FloppyGeometry.Floppy1232K, options));
        fresh.WriteFile("HELLO.COM", [0xCD, 0x20], When);
        Assert.True(image.Data.SequenceEqual(fresh.Data));
    }

    [Fact]
    public void Image_held_by_a_running_machine_cannot_be_opened_for_changes()
    {
        string path = NewImageFile(FloppyGeometry.Floppy1440K);
        using var machine = FloppyImage.Open(path, readOnly: false); // as a running machine holds it

        var e = Assert.Throws<FloppyImageException>(() => FatVolume.Open(FloppyImage.Open(path, readOnly: false)));

        Assert.Contains(path, e.Message);
        Assert.Contains("another process", e.Message);
    }
}
