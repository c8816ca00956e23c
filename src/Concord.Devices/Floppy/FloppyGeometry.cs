namespace Concord.Devices.Floppy;

/// <summary>
/// The layout of a diskette: cylinders, heads, sectors per track, sector size code N (bytes =
/// 128 &lt;&lt; N) and the data rate it is recorded at. Sectors are numbered from 1 on every track.
/// </summary>
public readonly record struct FloppyGeometry(int Cylinders, int Heads, int SectorsPerTrack, int SizeCode, FloppyDataRate DataRate, string Name)
{
    public static readonly FloppyGeometry Floppy160K = new(40, 1, 8, 2, FloppyDataRate.Kbps250, "160K");
    public static readonly FloppyGeometry Floppy180K = new(40, 1, 9, 2, FloppyDataRate.Kbps250, "180K");
    public static readonly FloppyGeometry Floppy320K = new(40, 2, 8, 2, FloppyDataRate.Kbps250, "320K");
    public static readonly FloppyGeometry Floppy360K = new(40, 2, 9, 2, FloppyDataRate.Kbps250, "360K");
    public static readonly FloppyGeometry Floppy720K = new(80, 2, 9, 2, FloppyDataRate.Kbps250, "720K");
    public static readonly FloppyGeometry Floppy1200K = new(80, 2, 15, 2, FloppyDataRate.Kbps500, "1.2M");
    /// <summary>The PC-98 2HD format: 77 cylinders, 2 heads, 8 sectors of 1024 bytes.</summary>
    public static readonly FloppyGeometry Floppy1232K = new(77, 2, 8, 3, FloppyDataRate.Kbps500, "1.23M");
    public static readonly FloppyGeometry Floppy1440K = new(80, 2, 18, 2, FloppyDataRate.Kbps500, "1.44M");
    public static readonly FloppyGeometry Floppy2880K = new(80, 2, 36, 2, FloppyDataRate.Mbps1, "2.88M");

    /// <summary>Every format a raw image may have, recognised by its size.</summary>
    public static IReadOnlyList<FloppyGeometry> Standard { get; } =
    [
        Floppy160K, Floppy180K, Floppy320K, Floppy360K, Floppy720K, Floppy1200K, Floppy1232K, Floppy1440K, Floppy2880K,
    ];

    /// <summary>The sizes of <see cref="Standard"/> with their names, for messages: "163840 (160K), ...".</summary>
    public static string ValidSizes => string.Join(", ", Standard.Select(g => $"{g.TotalBytes} ({g.Name})"));

    /// <summary>
    /// What a size of no format may mean beyond its number, for messages: a named pipe or a device
    /// has no size (0), like an empty file; "" for any other size.
    /// </summary>
    public static string SizeHint(long size) =>
        size == 0 ? " (0 bytes: an empty file, or not a regular file but a pipe or a device)" : "";

    public int SectorSize => 128 << SizeCode;

    public int TotalSectors => Cylinders * Heads * SectorsPerTrack;

    public long TotalBytes => (long)TotalSectors * SectorSize;

    /// <summary>The standard format of an image of <paramref name="size"/> bytes, or null.</summary>
    public static FloppyGeometry? FromImageSize(long size)
    {
        foreach (var g in Standard)
            if (g.TotalBytes == size) return g;
        return null;
    }

    /// <summary>Whether a controller running at <paramref name="rate"/> can read this format (300 and 250 kbps both read double density).</summary>
    public bool IsReadableAt(FloppyDataRate rate) => DataRate switch
    {
        FloppyDataRate.Kbps250 or FloppyDataRate.Kbps300 => rate is FloppyDataRate.Kbps250 or FloppyDataRate.Kbps300,
        _ => rate == DataRate,
    };

    /// <summary>The sector's index in a raw image (cylinder, then head, then sector), or -1 outside the disk.</summary>
    public int SectorIndex(int cylinder, int head, int sector)
    {
        if ((uint)cylinder >= (uint)Cylinders || (uint)head >= (uint)Heads || sector < 1 || sector > SectorsPerTrack) return -1;
        return (cylinder * Heads + head) * SectorsPerTrack + sector - 1;
    }

    public override string ToString() =>
        $"{Name} ({Cylinders} cylinders x {Heads} heads x {SectorsPerTrack} sectors of {SectorSize} bytes)";
}
