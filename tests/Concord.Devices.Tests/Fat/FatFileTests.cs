using System.Buffers.Binary;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Fat;

public sealed class FatFileTests
{
    private static readonly DateTime When = new(2023, 12, 24, 18, 30, 42);

    private static FatVolume NewVolume(string format) => FatVolume.Format(FatFormatTests.Geometry(format), new FatFormatOptions { Timestamp = When });

    public static TheoryData<string, int> Sizes()
    {
        var data = new TheoryData<string, int>();
        foreach (string format in new[] { "1.44M", "1.23M" })
            foreach (int size in new[] { 0, 1, 511, 512, 513, 1023, 1024, 1025, 2048, 100_000 })
                data.Add(format, size);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void File_reads_back_byte_identical_and_takes_whole_clusters(string format, int size)
    {
        var volume = NewVolume(format);
        int free = volume.FreeClusters;
        byte[] content = FatTestFiles.Pattern(size, size);

        FatDirectoryEntry entry = volume.WriteFile("DATA.BIN", content, When);

        Assert.Equal(content, volume.ReadFile("DATA.BIN"));
        Assert.Equal(content, FatVolume.Open(volume.ToArray()).ReadFile("data.bin"));
        Assert.Equal(size, entry.Size);
        Assert.Equal(size == 0 ? 0 : 2, entry.FirstCluster); // the first data cluster of a fresh volume
        Assert.Equal(free - (size + volume.ClusterSize - 1) / volume.ClusterSize, volume.FreeClusters);
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Empty_file_has_no_cluster(string format)
    {
        var volume = NewVolume(format);
        FatDirectoryEntry entry = volume.WriteFile("EMPTY", [], When);
        Assert.Equal(0, entry.FirstCluster);
        Assert.Equal(0, entry.Size);
        Assert.Empty(volume.ReadFile("EMPTY"));
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Many_cluster_file_is_chained_in_both_FATs(string format)
    {
        var volume = NewVolume(format);
        byte[] content = FatTestFiles.Pattern(volume.ClusterSize * 300 + 17, 7);
        volume.WriteFile("BIG.DAT", content, When);

        var p = volume.Parameters;
        int fat1 = p.FirstFatSector * p.BytesPerSector, fat2 = fat1 + p.SectorsPerFat * p.BytesPerSector;
        Assert.True(volume.Data.Slice(fat1, p.SectorsPerFat * p.BytesPerSector).SequenceEqual(volume.Data.Slice(fat2, p.SectorsPerFat * p.BytesPerSector)));
        // 301 clusters: 2..302 in order, then the end mark.
        for (int c = 2; c < 302; c++) Assert.Equal(c + 1, Fat12(volume, c));
        Assert.Equal(0xFFF, Fat12(volume, 302));
        Assert.Equal(0, Fat12(volume, 303));
        Assert.Equal(content, volume.ReadFile("BIG.DAT"));
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void File_can_fill_the_disk_then_the_disk_is_full(string format)
    {
        var volume = NewVolume(format);
        volume.WriteFile("SMALL.TXT", "x"u8, When);
        byte[] rest = FatTestFiles.Pattern((int)volume.FreeBytes, 3);

        volume.WriteFile("REST.BIN", rest, When);

        Assert.Equal(0, volume.FreeClusters);
        Assert.Equal(rest, volume.ReadFile("REST.BIN"));
        byte[] before = volume.ToArray();
        var e = Assert.Throws<FatException>(() => volume.WriteFile("ONE.BYT", "1"u8, When));
        Assert.Equal(FatError.DiskFull, e.Error);
        Assert.Contains($"needs {volume.ClusterSize} bytes", e.Message);
        Assert.Contains("only 0 bytes are free", e.Message);
        Assert.Equal(before, volume.ToArray());
        Assert.Null(volume.Find("ONE.BYT"));
    }

    [Fact]
    public void Too_big_a_file_is_refused_naming_what_it_needs_and_what_is_free()
    {
        var volume = NewVolume("1.23M");
        byte[] before = volume.ToArray();
        var e = Assert.Throws<FatException>(() => volume.WriteFile("HUGE.BIN", new byte[1_300_000], When));

        Assert.Equal(FatError.DiskFull, e.Error);
        Assert.Equal("floppy image '(memory)': disk full: '\\HUGE.BIN' needs 1300480 bytes (1270 clusters of 1024 bytes), but only 1250304 bytes are free", e.Message);
        Assert.Equal(before, volume.ToArray());
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Deleting_a_file_frees_its_clusters_and_its_entry(string format)
    {
        var volume = NewVolume(format);
        int free = volume.FreeClusters;
        volume.WriteFile("KEEP.TXT", "keep"u8, When);
        FatDirectoryEntry gone = volume.WriteFile("GONE.BIN", FatTestFiles.Pattern(volume.ClusterSize * 5, 1), When);

        volume.DeleteFile("gone.bin");

        Assert.Equal(free - 1, volume.FreeClusters);
        Assert.Equal(["KEEP.TXT"], volume.List().Select(e => e.Name));
        for (int c = gone.FirstCluster; c < gone.FirstCluster + 5; c++) Assert.Equal(0, Fat12(volume, c));
        Assert.Equal(0xE5, volume.Data[gone.EntryOffset]);
        var e = Assert.Throws<FatException>(() => volume.ReadFile("GONE.BIN"));
        Assert.Equal(FatError.NotFound, e.Error);
        Assert.EndsWith("'\\GONE.BIN' not found", e.Message);
    }

    [Fact]
    public void Freed_clusters_and_entry_are_used_again()
    {
        var volume = NewVolume("1.44M");
        FatDirectoryEntry first = volume.WriteFile("A.TXT", new byte[1500], When);
        volume.WriteFile("B.TXT", "b"u8, When);
        volume.DeleteFile("A.TXT");

        FatDirectoryEntry again = volume.WriteFile("C.TXT", new byte[600], When);

        Assert.Equal(first.FirstCluster, again.FirstCluster);
        Assert.Equal(first.EntryOffset, again.EntryOffset);
    }

    [Fact]
    public void Writing_an_existing_name_replaces_the_file()
    {
        var volume = NewVolume("1.44M");
        volume.WriteFile("NOTE.TXT", FatTestFiles.Pattern(5000, 1), When);
        int free = volume.FreeClusters;

        volume.WriteFile("note.txt", "short"u8, When.AddHours(1));

        Assert.Equal("short"u8.ToArray(), volume.ReadFile("NOTE.TXT"));
        Assert.Equal(free + 10 - 1, volume.FreeClusters);
        Assert.Single(volume.List());
        Assert.Equal(When.AddHours(1), volume.Find("NOTE.TXT")!.Modified);
    }

    [Fact]
    public void Entry_keeps_name_size_attributes_and_the_time_given()
    {
        var volume = NewVolume("1.23M");
        volume.WriteFile("readme.txt", new byte[1234], new DateTime(1999, 12, 31, 23, 59, 59));

        FatDirectoryEntry entry = Assert.Single(volume.List());

        Assert.Equal("README.TXT", entry.Name);
        Assert.Equal(1234, entry.Size);
        Assert.Equal(FatAttributes.Archive, entry.Attributes);
        Assert.Equal(new DateTime(1999, 12, 31, 23, 59, 58), entry.Modified); // two-second steps
        ReadOnlySpan<byte> raw = volume.Data.Slice(entry.EntryOffset, 32);
        Assert.Equal("README  TXT"u8.ToArray(), raw[..11].ToArray());
        Assert.Equal((19 << 9) | (12 << 5) | 31, BinaryPrimitives.ReadUInt16LittleEndian(raw[0x18..]));
        Assert.Equal((23 << 11) | (59 << 5) | 29, BinaryPrimitives.ReadUInt16LittleEndian(raw[0x16..]));
    }

    [Fact]
    public void Subdirectories_hold_files_and_grow_past_one_cluster()
    {
        var volume = NewVolume("1.44M");
        FatDirectoryEntry dir = volume.CreateDirectory("GAMES", When);
        volume.CreateDirectory("\\GAMES\\OLD", When);

        for (int i = 0; i < 40; i++) volume.WriteFile($"/games/old/F{i}.TXT", FatTestFiles.Pattern(i * 37, i), When);

        Assert.True(dir.IsDirectory);
        Assert.True(volume.IsDirectory("GAMES/OLD"));
        Assert.Equal(40, volume.List("GAMES\\OLD").Count);
        for (int i = 0; i < 40; i++) Assert.Equal(FatTestFiles.Pattern(i * 37, i), volume.ReadFile($"GAMES/OLD/F{i}.TXT"));
        FatDirectoryEntry old = Assert.Single(volume.List("GAMES"));
        // 42 entries ("." and ".." too) of 32 bytes take 3 clusters of 512 bytes.
        Assert.Equal(3, ChainLength(volume, old.FirstCluster));
        // "." and ".." point at the directory and its parent.
        int at = ClusterOffset(volume, old.FirstCluster);
        Assert.Equal(".          "u8.ToArray(), volume.Data.Slice(at, 11).ToArray());
        Assert.Equal(old.FirstCluster, BinaryPrimitives.ReadUInt16LittleEndian(volume.Data[(at + 0x1A)..]));
        Assert.Equal("..         "u8.ToArray(), volume.Data.Slice(at + 32, 11).ToArray());
        Assert.Equal(dir.FirstCluster, BinaryPrimitives.ReadUInt16LittleEndian(volume.Data[(at + 32 + 0x1A)..]));
    }

    [Fact]
    public void Non_empty_directory_is_not_removed_an_empty_one_is()
    {
        var volume = NewVolume("1.23M");
        int free = volume.FreeClusters;
        volume.CreateDirectory("TOOLS", When);
        volume.WriteFile("TOOLS/A.COM", "a"u8, When);

        var e = Assert.Throws<FatException>(() => volume.RemoveDirectory("TOOLS"));
        Assert.Equal(FatError.DirectoryNotEmpty, e.Error);
        Assert.Contains("not empty (1 entries)", e.Message);

        volume.DeleteFile("TOOLS/A.COM");
        volume.RemoveDirectory("TOOLS");
        Assert.Empty(volume.List());
        Assert.Equal(free, volume.FreeClusters);
    }

    [Fact]
    public void Root_directory_full_is_reported_with_its_size()
    {
        var volume = NewVolume("1.23M");
        for (int i = 0; i < 192; i++) volume.WriteFile($"F{i}", [], When);

        var e = Assert.Throws<FatException>(() => volume.WriteFile("ONE.MOR", [], When));

        Assert.Equal(FatError.RootDirectoryFull, e.Error);
        Assert.Contains("root directory is full (192 entries)", e.Message);
    }

    [Theory]
    [InlineData("LONGFILENAME.TXT", "12 characters before the extension; 8.3 names allow at most 8")]
    [InlineData("FILE.TEXT", "an extension of 4 characters; 8.3 names allow at most 3")]
    [InlineData("A.B.C", "more than one dot")]
    [InlineData("MY FILE.TXT", "contains a space")]
    [InlineData("A+B.TXT", "contains '+'")]
    [InlineData(".PROFILE", "nothing before the dot")]
    [InlineData("NUL.TXT", "device name NUL")]
    [InlineData("CAFÉ.TXT", "contains U+00C9")]
    public void Names_that_are_not_8_3_are_refused_saying_why(string name, string reason)
    {
        var volume = NewVolume("1.44M");
        var e = Assert.Throws<FatException>(() => volume.WriteFile(name, "x"u8, When));
        Assert.Equal(FatError.InvalidName, e.Error);
        Assert.Contains(reason, e.Message);
        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void Files_and_directories_are_not_confused()
    {
        var volume = NewVolume("1.44M");
        volume.CreateDirectory("DIR", When);
        volume.WriteFile("FILE.TXT", "f"u8, When);

        Assert.Equal(FatError.WrongKind, Assert.Throws<FatException>(() => volume.ReadFile("DIR")).Error);
        Assert.Equal(FatError.WrongKind, Assert.Throws<FatException>(() => volume.DeleteFile("DIR")).Error);
        Assert.Equal(FatError.WrongKind, Assert.Throws<FatException>(() => volume.WriteFile("DIR", "x"u8, When)).Error);
        Assert.Equal(FatError.WrongKind, Assert.Throws<FatException>(() => volume.List("FILE.TXT")).Error);
        Assert.Equal(FatError.WrongKind, Assert.Throws<FatException>(() => volume.WriteFile("FILE.TXT/X", "x"u8, When)).Error);
        Assert.Equal(FatError.AlreadyExists, Assert.Throws<FatException>(() => volume.CreateDirectory("FILE.TXT", When)).Error);
        Assert.Equal(FatError.NotFound, Assert.Throws<FatException>(() => volume.WriteFile("NODIR/X", "x"u8, When)).Error);
    }

    [Fact]
    public void Read_only_file_is_neither_replaced_nor_deleted()
    {
        var volume = NewVolume("1.44M");
        volume.WriteFile("LOCKED.TXT", "1"u8, When, FatAttributes.ReadOnly | FatAttributes.Archive);

        Assert.Equal(FatError.ReadOnly, Assert.Throws<FatException>(() => volume.WriteFile("LOCKED.TXT", "2"u8, When)).Error);
        Assert.Equal(FatError.ReadOnly, Assert.Throws<FatException>(() => volume.DeleteFile("LOCKED.TXT")).Error);
        Assert.Equal("1"u8.ToArray(), volume.ReadFile("LOCKED.TXT"));
    }

    [Fact]
    public void A_broken_chain_is_reported_as_damage_not_read_past()
    {
        var volume = NewVolume("1.44M");
        volume.WriteFile("A.BIN", new byte[2048], When);
        byte[] image = volume.ToArray();
        // Cut the chain after the first cluster, in FAT 1 (which is the one read).
        int fat = 512;
        image[fat + 3] = 0xFF; image[fat + 4] = (byte)((image[fat + 4] & 0xF0) | 0x0F);

        var e = Assert.Throws<FatException>(() => FatVolume.Open(image).ReadFile("A.BIN"));

        Assert.Equal(FatError.Damaged, e.Error);
        Assert.Contains("ends after 1 of the 4 clusters", e.Message);
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void A_chain_that_loops_is_reported_as_damage_not_read_round(string format)
    {
        var volume = NewVolume(format);
        volume.WriteFile("A.BIN", FatTestFiles.Pattern(volume.ClusterSize * 4, 3), When);
        byte[] image = volume.ToArray();
        // Clusters 2 3 4 5: point the third back at the first, in both FATs.
        SetFat12(image, volume.Parameters, 4, 2);

        var e = Assert.Throws<FatException>(() => FatVolume.Open(image).ReadFile("A.BIN"));

        Assert.Equal(FatError.Damaged, e.Error);
        Assert.Contains("loops back to cluster 002h", e.Message);
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x8000_0000u)]
    [InlineData(1_457_665u)]
    public void A_size_larger_than_the_volume_is_reported_as_damage(uint size)
    {
        var volume = NewVolume("1.44M");
        FatDirectoryEntry entry = volume.WriteFile("A.BIN", new byte[100], When);
        byte[] image = volume.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(entry.EntryOffset + 0x1C), size);

        var e = Assert.Throws<FatException>(() => FatVolume.Open(image).ReadFile("A.BIN"));

        Assert.Equal(FatError.Damaged, e.Error);
        Assert.Contains($"{size} bytes", e.Message);
    }

    [Fact]
    public void A_directory_whose_chain_loops_is_reported_as_damage()
    {
        var volume = NewVolume("1.44M");
        volume.CreateDirectory("SUB", When);
        volume.WriteFile("SUB\\A.TXT", "a"u8, When);
        FatDirectoryEntry sub = volume.Find("SUB")!;
        byte[] image = volume.ToArray();
        SetFat12(image, volume.Parameters, sub.FirstCluster, sub.FirstCluster);

        var e = Assert.Throws<FatException>(() => FatVolume.Open(image).List("SUB"));

        Assert.Equal(FatError.Damaged, e.Error);
        Assert.Contains("loops", e.Message);
    }

    /// <summary>Sets a FAT12 entry in every FAT of a raw image.</summary>
    internal static void SetFat12(byte[] image, FatParameters p, int cluster, int value)
    {
        for (int f = 0; f < p.FatCount; f++)
        {
            int at = (p.FirstFatSector + f * p.SectorsPerFat) * p.BytesPerSector + cluster * 3 / 2;
            if ((cluster & 1) == 0)
            {
                image[at] = (byte)value;
                image[at + 1] = (byte)((image[at + 1] & 0xF0) | (value >> 8));
            }
            else
            {
                image[at] = (byte)((image[at] & 0x0F) | (value << 4 & 0xF0));
                image[at + 1] = (byte)(value >> 4);
            }
        }
    }

    internal static int Fat12(FatVolume volume, int cluster)
    {
        int at = volume.Parameters.FirstFatSector * volume.Parameters.BytesPerSector + cluster * 3 / 2;
        int pair = volume.Data[at] | volume.Data[at + 1] << 8;
        return (cluster & 1) == 0 ? pair & 0xFFF : pair >> 4;
    }

    private static int ChainLength(FatVolume volume, int first)
    {
        int n = 0;
        for (int c = first; c is >= 2 and < 0xFF8; c = Fat12(volume, c)) n++;
        return n;
    }

    private static int ClusterOffset(FatVolume volume, int cluster) =>
        (volume.Parameters.FirstDataSector + (cluster - 2) * volume.Parameters.SectorsPerCluster) * volume.Parameters.BytesPerSector;
}
