using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests.Fuzz;

/// <summary>
/// Mutated FAT12 images of both formats through every <c>concord disk</c> command: never an
/// internal error, never damaged data reported as success (a <c>get</c> that succeeds gives what
/// an independent reading of the image gives), never a write outside the image (its length and the
/// folder's other files stay), no control bytes on the terminal, and a change that succeeds leaves
/// a volume that reads back what was put.
/// </summary>
public sealed class DiskFuzzTests
{
    private static readonly DateTime When = new(2024, 3, 15, 9, 26, 54);

    /// <summary>A volume with a label, files of several sizes, a subdirectory with a file and an empty one.</summary>
    private static byte[] BaseImage(FloppyGeometry geometry)
    {
        var volume = FatVolume.Format(geometry, new FatFormatOptions { Label = "FUZZ", Timestamp = When });
        volume.WriteFile("A.TXT", Encoding.ASCII.GetBytes("hello, world\r\n"), When);
        volume.WriteFile("B.BIN", Pattern(volume.ClusterSize * 3 + 17, 1), When);
        volume.CreateDirectory("SUB", When);
        volume.WriteFile("SUB\\C.DAT", Pattern(2500, 2), When);
        volume.CreateDirectory("EMPTY", When);
        volume.WriteFile("D.BIN", Pattern(volume.ClusterSize * 9, 3), When);
        return volume.ToArray();
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Edits of an image: most land in the boot sector, FATs and directories, where damage means most.</summary>
    private static Gen<byte[]> Mutated(byte[] image)
    {
        int metadata = Math.Min(image.Length, 40 * 1024);
        var edit = Gen.Select(Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 4]);
        return edit.Array[1, 10].Select(edits =>
        {
            var bytes = (byte[])image.Clone();
            foreach (var (kind, at, value, length) in edits)
            {
                int i = kind < 8 ? at % metadata : at % bytes.Length;
                int n = Math.Min(length, bytes.Length - i);
                switch (kind % 4)
                {
                    case 0: bytes[i] = value; break;
                    case 1: bytes.AsSpan(i, n).Fill(0xFF); break;
                    case 2: bytes.AsSpan(i, n).Clear(); break;
                    default: bytes[i] ^= (byte)(1 << (value & 7)); break;
                }
            }
            return bytes;
        });
    }

    private static readonly string[][] Commands =
    [
        ["ls"], ["ls", "SUB"], ["ls", "A.TXT"], ["get", "A.TXT"], ["get", "B.BIN"], ["get", "SUB\\C.DAT"], ["get", "D.BIN"],
        ["put", "NEW.BIN"], ["put", "SUB\\NEW.BIN"], ["rm", "B.BIN"], ["rm", "SUB\\C.DAT"], ["mkdir", "NEWDIR"], ["rmdir", "EMPTY"], ["rmdir", "SUB"],
    ];

    private static readonly byte[] Put = Pattern(3000, 9);

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    [Trait("Category", FuzzBudget.Category)]
    public void Every_disk_command_on_a_damaged_image_answers_or_refuses_and_never_lies(string format)
    {
        FloppyGeometry geometry = FloppyGeometry.Standard.Single(g => g.Name == format);
        byte[] image = BaseImage(geometry);
        using var temp = new TempFiles();
        string host = temp.Write("put.bin", Put);

        Mutated(image).Sample(mutated =>
        {
            foreach (string[] command in Commands) Check(temp, host, mutated, command);
        }, time: FuzzBudget.Seconds(3), threads: 1, print: Describe);
    }

    private static void Check(TempFiles temp, string host, byte[] mutated, string[] command)
    {
        string folder = Path.Combine(temp.Folder, "case");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "disk.img");
        File.WriteAllBytes(path, mutated);
        string output = Path.Combine(folder, "out.bin");

        string[] args = command[0] switch
        {
            "get" => ["disk", "get", path, command[1], output],
            "put" => ["disk", "put", path, host, command[1]],
            _ => ["disk", .. command[..1], path, .. command[1..]],
        };
        CliRun run = CliRun.Invoke(args);
        string what = string.Join(' ', command);

        Assert.True(run.Status is 0 or 1 or 2, $"{what}: status {run.Status}: {run.Stderr}");
        Assert.DoesNotContain("internal error", run.Stderr);
        Assert.DoesNotContain(run.Stdout + run.Stderr, c => char.IsControl(c) && c != '\n');
        if (run.Status != 0) Assert.Single(run.StderrLines);
        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(mutated.Length, after.Length);
        Assert.Equal(run.Status == 0 && command[0] == "get" ? ["disk.img", "out.bin"] : ["disk.img"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (command[0] is "ls" or "get" || run.Status != 0) Assert.True(mutated.AsSpan().SequenceEqual(after), $"{what} (status {run.Status}) changed the image");

        if (run.Status != 0) return;
        switch (command[0])
        {
            case "get":
                byte[]? truth = IndependentReading.ReadFile(mutated, command[1]);
                Assert.True(truth is not null, $"get {command[1]} succeeded on a file the image does not hold intact");
                Assert.Equal(truth, File.ReadAllBytes(output));
                break;
            case "put":
                Assert.Equal(Put, FatVolume.Open(after).ReadFile(command[1]));
                break;
            case "mkdir":
                Assert.True(FatVolume.Open(after).IsDirectory(command[1]));
                break;
            case "rm" or "rmdir":
                Assert.Null(FatVolume.Open(after).Find(command[1]));
                break;
        }
    }

    private static string Describe(byte[] image)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Math.Min(image.Length, 64); i++) text.Append(image[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        return $"{image.Length} bytes, boot sector starts {text}";
    }

    /// <summary>A FAT12 reader of its own, strict where a reader must be: the file's 8.3 name in the directory, a chain of data clusters with no cluster twice, at least as many as its size needs.</summary>
    private static class IndependentReading
    {
        public static byte[]? ReadFile(byte[] image, string dosPath)
        {
            int bps = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x0B)), spc = image[0x0D];
            int reserved = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x0E)), fats = image[0x10];
            int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x11));
            int total = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x13));
            int perFat = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x16));
            if (bps is not (512 or 1024) || spc == 0 || total == 0 || (long)total * bps > image.Length) return null;
            int root = (reserved + fats * perFat) * bps;
            int data = root + (rootEntries * 32 + bps - 1) / bps * bps;
            int maxCluster = (total - data / bps) / spc + 1;
            int clusterBytes = spc * bps;

            int Fat(int c)
            {
                int at = reserved * bps + c * 3 / 2;
                int pair = image[at] | image[at + 1] << 8;
                return (c & 1) == 0 ? pair & 0xFFF : pair >> 4;
            }

            (int Offset, int Count) dir = (root, rootEntries);
            string[] parts = dosPath.Split('\\');
            for (int p = 0; p < parts.Length; p++)
            {
                byte[] name = Encode(parts[p]);
                int entry = -1;
                List<int> slots = [];
                if (dir.Count >= 0) for (int i = 0; i < dir.Count; i++) slots.Add(dir.Offset + i * 32);
                else
                {
                    foreach (int c in Chain(-dir.Count, long.MaxValue) ?? []) for (int i = 0; i < clusterBytes / 32; i++) slots.Add(data + (c - 2) * clusterBytes + i * 32);
                }
                foreach (int s in slots)
                {
                    if (image[s] == 0) break;
                    if (image[s] == 0xE5 || (image[s + 11] & 0x08) != 0) continue;
                    if (image.AsSpan(s, 11).SequenceEqual(name)) { entry = s; break; }
                }
                if (entry < 0) return null;
                int first = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(entry + 0x1A));
                bool isDir = (image[entry + 11] & 0x10) != 0;
                if (p < parts.Length - 1)
                {
                    if (!isDir || first < 2) return null;
                    dir = (0, -first);
                    continue;
                }
                if (isDir) return null;
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(entry + 0x1C));
                if (size > (long)(maxCluster - 1) * clusterBytes) return null;
                List<int>? chain = Chain(first, size);
                if (chain is null) return null;
                var content = new byte[size];
                for (int i = 0; i < chain.Count; i++)
                {
                    int n = (int)Math.Min(clusterBytes, size - (long)i * clusterBytes);
                    image.AsSpan(data + (chain[i] - 2) * clusterBytes, n).CopyTo(content.AsSpan(i * clusterBytes));
                }
                return content;
            }
            return null;

            // The clusters holding size bytes (size long.MaxValue: the whole chain), or null when it breaks or loops.
            List<int>? Chain(int first, long size)
            {
                long needed = size == long.MaxValue ? long.MaxValue : (size + clusterBytes - 1) / clusterBytes;
                var clusters = new List<int>();
                var seen = new HashSet<int>();
                int c = first;
                while (clusters.Count < needed)
                {
                    if (c < 2 || c > maxCluster) return size == long.MaxValue && c >= 0xFF8 ? clusters : null;
                    if (!seen.Add(c)) return null;
                    clusters.Add(c);
                    c = Fat(c);
                }
                return clusters;
            }
        }

        private static byte[] Encode(string name)
        {
            var raw = Enumerable.Repeat((byte)' ', 11).ToArray();
            int dot = name.IndexOf('.');
            string stem = dot < 0 ? name : name[..dot], ext = dot < 0 ? "" : name[(dot + 1)..];
            Encoding.ASCII.GetBytes(stem.ToUpperInvariant()).CopyTo(raw, 0);
            Encoding.ASCII.GetBytes(ext.ToUpperInvariant()).CopyTo(raw, 8);
            return raw;
        }
    }
}
