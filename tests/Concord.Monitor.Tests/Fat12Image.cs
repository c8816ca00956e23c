using System.Text;
using Iced.Intel;

namespace Concord.Monitor.Tests;

/// <summary>
/// A small FAT12 diskette writer and reader for the tests: a boot sector with a BIOS parameter
/// block (and, optionally, boot code after it), two FATs, the root directory and files in it.
/// Formats: 1.44M (the default) and 720K.
/// </summary>
internal sealed class Fat12Image
{
    private const int SectorSize = 512;
    private const int BootCodeOffset = 0x3E;

    private readonly List<(string Name, byte[] Data)> _files = [];

    private Fat12Image(int totalSectors, int sectorsPerCluster, int rootEntries, byte media, int sectorsPerFat, int sectorsPerTrack)
    {
        TotalSectors = totalSectors;
        SectorsPerCluster = sectorsPerCluster;
        RootEntries = rootEntries;
        Media = media;
        SectorsPerFat = sectorsPerFat;
        SectorsPerTrack = sectorsPerTrack;
    }

    public static Fat12Image Floppy1440K() => new(2880, 1, 224, 0xF0, 9, 18);

    public static Fat12Image Floppy720K() => new(1440, 2, 112, 0xF9, 3, 9);

    /// <summary>A 1.44M diskette with no files whose boot code is <paramref name="bootCode"/>.</summary>
    public static byte[] Bootable(Action<Assembler> bootCode) => new Fat12Image(2880, 1, 224, 0xF0, 9, 18) { BootCode = bootCode }.Build();

    public int TotalSectors { get; }
    public int SectorsPerCluster { get; }
    public int RootEntries { get; }
    public byte Media { get; }
    public int SectorsPerFat { get; }
    public int SectorsPerTrack { get; }

    /// <summary>Boot code, assembled at 0000:7C3E (right after the BPB); null for a disk that prints "not bootable" and halts.</summary>
    public Action<Assembler>? BootCode { get; set; }

    private int RootSectors => RootEntries * 32 / SectorSize;
    private int FirstRootSector => 1 + 2 * SectorsPerFat;
    private int FirstDataSector => FirstRootSector + RootSectors;

    public Fat12Image Add(string name, byte[] data)
    {
        _files.Add((name, data));
        return this;
    }

    public Fat12Image Add(string name, string text) => Add(name, Encoding.ASCII.GetBytes(text));

    public byte[] Build()
    {
        var image = new byte[TotalSectors * SectorSize];
        WriteBootSector(image);
        var fat = new int[(TotalSectors - FirstDataSector) / SectorsPerCluster + 2];
        fat[0] = 0xF00 | Media;
        fat[1] = 0xFFF;
        int nextCluster = 2;
        for (int f = 0; f < _files.Count; f++)
        {
            var (name, data) = _files[f];
            int clusterBytes = SectorsPerCluster * SectorSize;
            int clusters = (data.Length + clusterBytes - 1) / clusterBytes;
            int first = clusters == 0 ? 0 : nextCluster;
            for (int c = 0; c < clusters; c++)
            {
                int cluster = nextCluster++;
                fat[cluster] = c == clusters - 1 ? 0xFFF : cluster + 1;
                int offset = (FirstDataSector + (cluster - 2) * SectorsPerCluster) * SectorSize;
                data.AsSpan(c * clusterBytes, Math.Min(clusterBytes, data.Length - c * clusterBytes)).CopyTo(image.AsSpan(offset));
            }
            WriteDirectoryEntry(image.AsSpan(FirstRootSector * SectorSize + f * 32, 32), name, first, data.Length);
        }
        for (int copy = 0; copy < 2; copy++)
            WriteFat(image.AsSpan((1 + copy * SectorsPerFat) * SectorSize, SectorsPerFat * SectorSize), fat);
        return image;
    }

    private void WriteBootSector(byte[] image)
    {
        Span<byte> s = image.AsSpan(0, SectorSize);
        s[0] = 0xEB; s[1] = BootCodeOffset - 2; s[2] = 0x90;
        Encoding.ASCII.GetBytes("CONCORD ").CopyTo(s[3..]);
        BitConverter.TryWriteBytes(s[11..], (ushort)SectorSize);
        s[13] = (byte)SectorsPerCluster;
        BitConverter.TryWriteBytes(s[14..], (ushort)1);
        s[16] = 2;
        BitConverter.TryWriteBytes(s[17..], (ushort)RootEntries);
        BitConverter.TryWriteBytes(s[19..], (ushort)TotalSectors);
        s[21] = Media;
        BitConverter.TryWriteBytes(s[22..], (ushort)SectorsPerFat);
        BitConverter.TryWriteBytes(s[24..], (ushort)SectorsPerTrack);
        BitConverter.TryWriteBytes(s[26..], (ushort)2);
        s[36] = 0x00; // drive number
        s[38] = 0x29; // extended boot signature
        BitConverter.TryWriteBytes(s[39..], 0x12345678u);
        Encoding.ASCII.GetBytes("TEST DISK  FAT12   ").AsSpan(0, 19).CopyTo(s[43..]);
        byte[] code = GuestCode.Assemble(BootCode ?? (asm => { asm.Print("not bootable"); asm.cli(); asm.hlt(); }), 0x7C00 + BootCodeOffset);
        if (code.Length > 510 - BootCodeOffset) throw new InvalidOperationException($"boot code is {code.Length} bytes; {510 - BootCodeOffset} fit after the BPB");
        code.CopyTo(s[BootCodeOffset..]);
        s[510] = 0x55;
        s[511] = 0xAA;
    }

    private static void WriteDirectoryEntry(Span<byte> entry, string name, int firstCluster, int size)
    {
        entry.Fill((byte)' ');
        string[] parts = name.ToUpperInvariant().Split('.');
        Encoding.ASCII.GetBytes(parts[0]).CopyTo(entry);
        if (parts.Length > 1) Encoding.ASCII.GetBytes(parts[1]).CopyTo(entry[8..]);
        entry[11..].Clear();
        entry[11] = 0x20; // archive
        BitConverter.TryWriteBytes(entry[24..], (ushort)((2025 - 1980) << 9 | 1 << 5 | 1)); // 2025-01-01
        BitConverter.TryWriteBytes(entry[26..], (ushort)firstCluster);
        BitConverter.TryWriteBytes(entry[28..], (uint)size);
    }

    private static void WriteFat(Span<byte> fatBytes, int[] fat)
    {
        for (int n = 0; n < fat.Length; n++)
        {
            int offset = n * 3 / 2;
            if ((n & 1) == 0)
            {
                fatBytes[offset] = (byte)fat[n];
                fatBytes[offset + 1] = (byte)((fatBytes[offset + 1] & 0xF0) | (fat[n] >> 8 & 0x0F));
            }
            else
            {
                fatBytes[offset] = (byte)((fatBytes[offset] & 0x0F) | (fat[n] << 4 & 0xF0));
                fatBytes[offset + 1] = (byte)(fat[n] >> 4);
            }
        }
    }

    /// <summary>Reads a file of the root directory back from an image (any FAT12 image with a valid BPB); null when absent.</summary>
    public static byte[]? ReadFile(byte[] image, string name)
    {
        int bytesPerSector = BitConverter.ToUInt16(image, 11);
        int spc = image[13];
        int reserved = BitConverter.ToUInt16(image, 14);
        int fats = image[16];
        int rootEntries = BitConverter.ToUInt16(image, 17);
        int spf = BitConverter.ToUInt16(image, 22);
        int rootStart = (reserved + fats * spf) * bytesPerSector;
        int dataStart = rootStart + rootEntries * 32;
        string[] parts = name.ToUpperInvariant().Split('.');
        string wanted = parts[0].PadRight(8) + (parts.Length > 1 ? parts[1] : "").PadRight(3);
        for (int e = 0; e < rootEntries; e++)
        {
            int at = rootStart + e * 32;
            if (image[at] == 0) break;
            if (Encoding.ASCII.GetString(image, at, 11) != wanted || (image[at + 11] & 0x18) != 0) continue;
            int cluster = BitConverter.ToUInt16(image, at + 26);
            int size = BitConverter.ToInt32(image, at + 28);
            var data = new List<byte>(size);
            int clusterBytes = spc * bytesPerSector;
            while (cluster is >= 2 and < 0xFF8 && data.Count < size)
            {
                int offset = dataStart + (cluster - 2) * clusterBytes;
                data.AddRange(image.AsSpan(offset, Math.Min(clusterBytes, size - data.Count)).ToArray());
                int fo = reserved * bytesPerSector + cluster * 3 / 2;
                int pair = image[fo] | image[fo + 1] << 8;
                cluster = (cluster & 1) == 0 ? pair & 0xFFF : pair >> 4;
            }
            return data.ToArray();
        }
        return null;
    }
}
