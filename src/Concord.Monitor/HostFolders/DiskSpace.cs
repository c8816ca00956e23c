namespace Concord.Monitor.HostFolders;

/// <summary>
/// Free space as DOS counts it (INT 21h AH=36h): sectors per cluster, bytes per sector, clusters in
/// all and free. A host disk is shown in 512-byte sectors and clusters of up to 64 of them, at most
/// 65535 clusters: so at most 2 GiB, which every DOS program can multiply out without overflowing.
/// </summary>
public readonly record struct DiskSpace(ushort SectorsPerCluster, ushort BytesPerSector, ushort TotalClusters, ushort FreeClusters)
{
    public const ushort SectorBytes = 512;
    public const ushort MostSectorsPerCluster = 64;
    public const ushort MostClusters = 65535;

    /// <summary>The figures for a host disk of <paramref name="total"/> bytes, <paramref name="free"/> of them free.</summary>
    public static DiskSpace Of(long total, long free)
    {
        total = Math.Max(total, 0);
        free = Math.Clamp(free, 0, total);
        ushort perCluster = 1;
        while (perCluster < MostSectorsPerCluster && total / (perCluster * (long)SectorBytes) > MostClusters) perCluster *= 2;
        long clusterBytes = perCluster * (long)SectorBytes;
        return new DiskSpace(perCluster, SectorBytes, (ushort)Math.Min(total / clusterBytes, MostClusters),
            (ushort)Math.Min(free / clusterBytes, MostClusters));
    }
}
