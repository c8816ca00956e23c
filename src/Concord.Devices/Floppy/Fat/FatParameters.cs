using System.Buffers.Binary;

namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// The BIOS parameter block of a FAT12 diskette (boot sector offsets 0Bh-23h) and the layout it implies:
/// reserved sectors, then <see cref="FatCount"/> FATs, then the root directory, then the data area,
/// cluster 2 first.
/// </summary>
public sealed record FatParameters
{
    /// <summary>The largest cluster count FAT12 allows (4085 and more make a FAT16 volume).</summary>
    public const int MaxClusters = 4084;

    /// <summary>The size of a directory entry.</summary>
    public const int EntrySize = 32;

    public required int BytesPerSector { get; init; }
    public required int SectorsPerCluster { get; init; }
    public int ReservedSectors { get; init; } = 1;
    public int FatCount { get; init; } = 2;
    public required int RootEntries { get; init; }
    public required int TotalSectors { get; init; }
    public required byte MediaDescriptor { get; init; }
    public required int SectorsPerFat { get; init; }
    public required int SectorsPerTrack { get; init; }
    public required int Heads { get; init; }

    public int ClusterSize => BytesPerSector * SectorsPerCluster;
    public int FirstFatSector => ReservedSectors;
    public int RootDirectorySector => ReservedSectors + FatCount * SectorsPerFat;
    public int RootDirectorySectors => (RootEntries * EntrySize + BytesPerSector - 1) / BytesPerSector;
    public int FirstDataSector => RootDirectorySector + RootDirectorySectors;

    /// <summary>Clusters in the data area, numbered 2 to <see cref="ClusterCount"/> + 1.</summary>
    public int ClusterCount => (TotalSectors - FirstDataSector) / SectorsPerCluster;

    /// <summary>The standard parameters for a format (the values DOS and, for 1.23M, the PC-98 give it).</summary>
    public static FatParameters For(FloppyGeometry geometry)
    {
        (int perCluster, int root, byte media, int perFat) = (geometry.SectorSize, geometry.TotalSectors) switch
        {
            (512, 320) => (1, 64, (byte)0xFE, 1),     // 160K
            (512, 360) => (1, 64, (byte)0xFC, 2),     // 180K
            (512, 640) => (2, 112, (byte)0xFF, 1),    // 320K
            (512, 720) => (2, 112, (byte)0xFD, 2),    // 360K
            (512, 1440) => (2, 112, (byte)0xF9, 3),   // 720K
            (512, 2400) => (1, 224, (byte)0xF9, 7),   // 1.2M
            (1024, 1232) => (1, 192, (byte)0xFE, 2),  // 1.23M (PC-98 2HD)
            (512, 2880) => (1, 224, (byte)0xF0, 9),   // 1.44M
            (512, 5760) => (2, 240, (byte)0xF0, 9),   // 2.88M
            _ => throw new ArgumentException($"no FAT12 layout is known for {geometry}; known formats: {string.Join(", ", FloppyGeometry.Standard.Select(g => g.Name))}", nameof(geometry)),
        };
        return new FatParameters
        {
            BytesPerSector = geometry.SectorSize,
            SectorsPerCluster = perCluster,
            RootEntries = root,
            TotalSectors = geometry.TotalSectors,
            MediaDescriptor = media,
            SectorsPerFat = perFat,
            SectorsPerTrack = geometry.SectorsPerTrack,
            Heads = geometry.Heads,
        };
    }

    /// <summary>Writes the fields at their boot sector offsets (0Bh-1Fh; hidden sectors and the 32-bit total are zero).</summary>
    public void Write(Span<byte> bootSector)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x0B..], (ushort)BytesPerSector);
        bootSector[0x0D] = (byte)SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x0E..], (ushort)ReservedSectors);
        bootSector[0x10] = (byte)FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x11..], (ushort)RootEntries);
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x13..], (ushort)TotalSectors);
        bootSector[0x15] = MediaDescriptor;
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x16..], (ushort)SectorsPerFat);
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x18..], (ushort)SectorsPerTrack);
        BinaryPrimitives.WriteUInt16LittleEndian(bootSector[0x1A..], (ushort)Heads);
        BinaryPrimitives.WriteUInt32LittleEndian(bootSector[0x1C..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bootSector[0x20..], 0);
    }

    /// <summary>
    /// Reads the parameter block of an image of <paramref name="geometry"/> and checks it against the
    /// image. Throws <see cref="FatException"/> (<see cref="FatError.NotFat12"/>) naming the first field
    /// that does not fit, with its offset, its value and what was expected.
    /// </summary>
    public static FatParameters Read(ReadOnlySpan<byte> bootSector, FloppyGeometry geometry, string image)
    {
        FatException Bad(string what) => new(image, FatError.NotFat12, $"not a FAT12 volume: {what}");

        if (bootSector[..64].IndexOfAnyExcept((byte)0) < 0)
            throw Bad("the boot sector is blank (format it first, e.g. 'concord disk create')");
        int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x0B..]);
        if (bytesPerSector != geometry.SectorSize)
            throw Bad($"bytes per sector (BPB offset 0Bh) is {bytesPerSector}, but a {geometry.Name} image has {geometry.SectorSize}-byte sectors");
        int perCluster = bootSector[0x0D];
        if (perCluster == 0 || (perCluster & (perCluster - 1)) != 0)
            throw Bad($"sectors per cluster (BPB offset 0Dh) is {perCluster}; valid values are 1, 2, 4, ... 128");
        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x0E..]);
        if (reserved == 0)
            throw Bad("reserved sectors (BPB offset 0Eh) is 0; the boot sector itself needs at least 1");
        int fats = bootSector[0x10];
        if (fats == 0)
            throw Bad("number of FATs (BPB offset 10h) is 0; valid values are 1 or 2");
        int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x11..]);
        if (rootEntries == 0)
            throw Bad("root directory entries (BPB offset 11h) is 0; a FAT12 volume needs a root directory (224 on a 1.44M diskette)");
        int total = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x13..]);
        if (total == 0) total = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bootSector[0x20..]));
        if (total != geometry.TotalSectors)
            throw Bad($"total sectors (BPB offset 13h) is {total}, but the {geometry.Name} image holds {geometry.TotalSectors}");
        byte media = bootSector[0x15];
        if (media is < 0xF0 or (> 0xF0 and < 0xF8))
            throw Bad($"media descriptor (BPB offset 15h) is {media:X2}h; valid values are F0h and F8h-FFh");
        int perFat = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x16..]);
        if (perFat == 0)
            throw Bad("sectors per FAT (BPB offset 16h) is 0 (a FAT32 volume? FAT12 needs at least 1)");
        int perTrack = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x18..]);
        if (perTrack != geometry.SectorsPerTrack)
            throw Bad($"sectors per track (BPB offset 18h) is {perTrack}, but a {geometry.Name} diskette has {geometry.SectorsPerTrack}");
        int heads = BinaryPrimitives.ReadUInt16LittleEndian(bootSector[0x1A..]);
        if (heads != geometry.Heads)
            throw Bad($"number of heads (BPB offset 1Ah) is {heads}, but a {geometry.Name} diskette has {geometry.Heads}");

        var p = new FatParameters
        {
            BytesPerSector = bytesPerSector,
            SectorsPerCluster = perCluster,
            ReservedSectors = reserved,
            FatCount = fats,
            RootEntries = rootEntries,
            TotalSectors = total,
            MediaDescriptor = media,
            SectorsPerFat = perFat,
            SectorsPerTrack = perTrack,
            Heads = heads,
        };
        if (p.FirstDataSector >= total)
            throw Bad($"the reserved sectors, FATs and root directory take {p.FirstDataSector} sectors, leaving no data area in {total}");
        if (p.ClusterCount > MaxClusters)
            throw Bad($"it has {p.ClusterCount} clusters, so it is FAT16; FAT12 has at most {MaxClusters}");
        int fatEntries = perFat * bytesPerSector * 2 / 3;
        if (fatEntries < p.ClusterCount + 2)
            throw Bad($"sectors per FAT (BPB offset 16h) is {perFat}, too small for {p.ClusterCount} clusters (it needs {(((p.ClusterCount + 2) * 3 + 1) / 2 + bytesPerSector - 1) / bytesPerSector})");
        return p;
    }
}
