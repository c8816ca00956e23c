using System.Buffers.Binary;
using System.Text;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Fat;

public sealed class FatFormatTests
{
    private static readonly DateTime When = new(2024, 5, 6, 7, 8, 10);

    public static TheoryData<string, int, int, int, int, int, int, int, int, int> Layouts => new()
    {
        // format, bytes/sector, sectors/cluster, root entries, total sectors, media, sectors/FAT, sectors/track, heads, clusters
        { "160K", 512, 1, 64, 320, 0xFE, 1, 8, 1, 313 },
        { "180K", 512, 1, 64, 360, 0xFC, 2, 9, 1, 351 },
        { "320K", 512, 2, 112, 640, 0xFF, 1, 8, 2, 315 },
        { "360K", 512, 2, 112, 720, 0xFD, 2, 9, 2, 354 },
        { "720K", 512, 2, 112, 1440, 0xF9, 3, 9, 2, 713 },
        { "1.2M", 512, 1, 224, 2400, 0xF9, 7, 15, 2, 2371 },
        { "1.23M", 1024, 1, 192, 1232, 0xFE, 2, 8, 2, 1221 },
        { "1.44M", 512, 1, 224, 2880, 0xF0, 9, 18, 2, 2847 },
        { "2.88M", 512, 2, 240, 5760, 0xF0, 9, 36, 2, 2863 },
    };

    internal static FloppyGeometry Geometry(string name) => FloppyGeometry.Standard.Single(g => g.Name == name);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Format_writes_the_standard_parameter_block(string format, int bytesPerSector, int perCluster, int rootEntries,
        int totalSectors, int media, int perFat, int perTrack, int heads, int clusters)
    {
        byte[] image = FatVolume.CreateImage(Geometry(format), new FatFormatOptions { Timestamp = When });

        Assert.Equal(bytesPerSector, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x0B)));
        Assert.Equal(perCluster, image[0x0D]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x0E)));
        Assert.Equal(2, image[0x10]);
        Assert.Equal(rootEntries, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x11)));
        Assert.Equal(totalSectors, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x13)));
        Assert.Equal(media, image[0x15]);
        Assert.Equal(perFat, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x16)));
        Assert.Equal(perTrack, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x18)));
        Assert.Equal(heads, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x1A)));
        Assert.Equal("FAT12   ", Encoding.ASCII.GetString(image, 0x36, 8));
        Assert.Equal(new byte[] { 0xEB, 0x3C, 0x90 }, image[..3]);
        Assert.Equal(new byte[] { 0x55, 0xAA }, image[0x1FE..0x200]);

        var volume = FatVolume.Open(image);
        Assert.Equal(clusters, volume.Parameters.ClusterCount);
        Assert.Equal((long)clusters * bytesPerSector * perCluster, volume.FreeBytes);
        Assert.Empty(volume.List());
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Both_FATs_start_with_the_media_byte_and_an_end_mark(string format)
    {
        var g = Geometry(format);
        byte[] image = FatVolume.CreateImage(g);
        var p = FatParameters.For(g);
        for (int f = 0; f < 2; f++)
        {
            int at = (1 + f * p.SectorsPerFat) * g.SectorSize;
            Assert.Equal(new byte[] { p.MediaDescriptor, 0xFF, 0xFF, 0x00 }, image[at..(at + 4)]);
        }
    }

    [Fact]
    public void Label_goes_into_the_root_directory_and_the_boot_sector_upper_case()
    {
        var volume = FatVolume.Format(FloppyGeometry.Floppy1440K, new FatFormatOptions { Label = "Work disk", Timestamp = When });

        Assert.Equal("WORK DISK", volume.Label);
        Assert.Equal("WORK DISK  ", Encoding.ASCII.GetString(volume.Data.Slice(0x2B, 11)));
        int root = volume.Parameters.RootDirectorySector * 512;
        Assert.Equal("WORK DISK  ", Encoding.ASCII.GetString(volume.Data.Slice(root, 11)));
        Assert.Equal((byte)FatAttributes.VolumeLabel, volume.Data[root + 11]);
        Assert.Empty(volume.List());
    }

    [Fact]
    public void Without_a_label_the_boot_sector_says_NO_NAME_and_there_is_no_label()
    {
        var volume = FatVolume.Format(FloppyGeometry.Floppy1232K);
        Assert.Null(volume.Label);
        Assert.Equal("NO NAME    ", Encoding.ASCII.GetString(volume.Data.Slice(0x2B, 11)));
    }

    [Fact]
    public void Same_options_give_the_same_bytes()
    {
        var options = new FatFormatOptions { Label = "SAME", Timestamp = When };
        byte[] a = FatVolume.CreateImage(FloppyGeometry.Floppy1232K, options);
        byte[] b = FatVolume.CreateImage(FloppyGeometry.Floppy1232K, options);
        byte[] later = FatVolume.CreateImage(FloppyGeometry.Floppy1232K, options with { Timestamp = When.AddDays(1) });

        Assert.Equal(a, b);
        Assert.NotEqual(a, later);
    }

    [Fact]
    public void Volume_id_can_be_chosen()
    {
        var volume = FatVolume.Format(FloppyGeometry.Floppy720K, new FatFormatOptions { VolumeId = 0x1234ABCD });
        Assert.Equal(0x1234ABCDu, volume.VolumeId);
        Assert.Equal(0x1234ABCDu, BinaryPrimitives.ReadUInt32LittleEndian(volume.Data[0x27..]));
    }

    [Theory]
    [InlineData("TWELVE CHARS", "at most 11")]
    [InlineData("A.B", "'.'")]
    [InlineData("   ", "empty")]
    public void Bad_labels_are_refused_with_the_reason(string label, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => FatVolume.Format(FloppyGeometry.Floppy1440K, new FatFormatOptions { Label = label }));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Boot_sector_holds_the_program_at_3Eh_with_its_message()
    {
        byte[] image = FatVolume.CreateImage(FloppyGeometry.Floppy1440K);
        byte[] program = FatBootProgram.Bytes();

        Assert.Equal(program, image[0x3E..(0x3E + program.Length)]);
        Assert.True(0x3E + program.Length <= 0x1FE, "the program overlaps the signature");
        Assert.Contains("This is not a system disk.", Encoding.ASCII.GetString(image, 0, 512));
    }

    [Fact]
    public void Boot_program_bytes_are_what_nasm_makes_of_its_source()
    {
        string nasm = HostTools.Require("nasm", "nasm");
        string source = RepoPaths.Under("src", "Concord.Devices", "Floppy", "Fat", "FatBootProgram.asm");
        string output = Path.Combine(Path.GetTempPath(), $"concord-fatboot-{Guid.NewGuid():N}.bin");
        try
        {
            var (status, _, stderr) = HostTools.Run(nasm, "-f", "bin", "-o", output, source);
            Assert.True(status == 0, stderr);
            Assert.Equal(File.ReadAllBytes(output), FatBootProgram.Bytes());
        }
        finally
        {
            File.Delete(output);
        }
    }
}
