using System.Buffers.Binary;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests;

/// <summary>
/// <c>concord disk</c> on damaged or hostile volumes: damage is an error naming the file (status 2),
/// never wrong bytes with status 0 and never an internal error; names from the disk reach the
/// terminal without their control bytes.
/// </summary>
public sealed class DiskDamageTests : IDisposable
{
    private static readonly DateTime When = new(2024, 3, 15, 9, 26, 54);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static FatVolume NewVolume(FloppyGeometry geometry) => FatVolume.Format(geometry, new FatFormatOptions { Timestamp = When });

    private static string OneError(CliRun run)
    {
        Assert.Equal(2, run.Status);
        string line = Assert.Single(run.StderrLines);
        Assert.DoesNotContain("internal error", line);
        Assert.DoesNotContain("Exception", line);
        return line;
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x8000_0000u)]
    public void Get_of_a_file_whose_entry_claims_gigabytes_says_it_is_damaged(uint size)
    {
        var volume = NewVolume(FloppyGeometry.Floppy1440K);
        FatDirectoryEntry entry = volume.WriteFile("BIG.BIN", new byte[700], When);
        byte[] image = volume.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(entry.EntryOffset + 0x1C), size);
        string path = _files.Write("big.img", image);

        string line = OneError(CliRun.Invoke("disk", "get", path, "BIG.BIN", Path.Combine(_files.Folder, "out.bin")));

        Assert.Contains("'\\BIG.BIN' is damaged", line);
        Assert.False(File.Exists(Path.Combine(_files.Folder, "out.bin")));
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Get_of_a_file_whose_chain_loops_says_it_is_damaged(string format)
    {
        var geometry = FloppyGeometry.Standard.Single(g => g.Name == format);
        var volume = NewVolume(geometry);
        volume.WriteFile("LOOP.BIN", new byte[volume.ClusterSize * 3], When);
        byte[] image = volume.ToArray();
        // The second cluster (3) points back at the first (2), in both FATs.
        var p = volume.Parameters;
        for (int f = 0; f < p.FatCount; f++)
        {
            int at = (p.FirstFatSector + f * p.SectorsPerFat) * p.BytesPerSector + 3 * 3 / 2;
            image[at] = (byte)((image[at] & 0x0F) | 0x20);
            image[at + 1] = 0x00;
        }
        string path = _files.Write("loop.img", image);

        string line = OneError(CliRun.Invoke("disk", "get", path, "LOOP.BIN", "-"));

        Assert.Contains("'\\LOOP.BIN' is damaged: its cluster chain loops back to cluster 002h", line);
    }

    [Fact]
    public void Ls_shows_control_bytes_of_names_and_label_as_escapes()
    {
        var volume = NewVolume(FloppyGeometry.Floppy1440K);
        FatDirectoryEntry entry = volume.WriteFile("CLEAR.TXT", "x"u8, When);
        byte[] image = volume.ToArray();
        "\e[2J\a\u009b1m"u8.CopyTo(image.AsSpan(entry.EntryOffset)); // ESC [ 2 J BEL CSI(C2 9B in UTF-8: 2 bytes)
        image[0x2B] = 0x1B; // the label in the boot sector: ESC c (a terminal reset)
        image[0x2C] = (byte)'c';
        string path = _files.Write("esc.img", image);

        CliRun run = CliRun.Invoke("disk", "ls", path);

        Assert.Equal(0, run.Status);
        Assert.DoesNotContain(run.Stdout, c => char.IsControl(c) && c != '\n');
        Assert.Contains("\\x1B[2J\\x07", run.Stdout);
        Assert.Contains("Volume \\x1Bc", run.Stdout);
    }

    [Theory]
    [InlineData("NOPE.TXT")]
    [InlineData("SUB\\NOPE")]
    public void Ls_of_a_path_that_is_not_there_says_so(string dosPath)
    {
        var volume = NewVolume(FloppyGeometry.Floppy1440K);
        volume.CreateDirectory("SUB", When);
        string path = _files.Write("ls.img", volume.ToArray());

        string line = OneError(CliRun.Invoke("disk", "ls", path, dosPath));

        Assert.EndsWith($"'\\{dosPath.ToUpperInvariant()}' not found", line);
    }
}
