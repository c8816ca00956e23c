namespace Concord.Devices.Floppy.Fat;

/// <summary>A file or directory as its directory entry describes it.</summary>
/// <param name="Name">The 8.3 name, upper case, "STEM.EXT" (no dot without an extension).</param>
/// <param name="Attributes">The attribute byte.</param>
/// <param name="Size">The file's size in bytes (0 for a directory).</param>
/// <param name="FirstCluster">The first cluster of its data, 0 when it has none.</param>
/// <param name="Modified">The last write date and time, null when the entry's are invalid.</param>
public sealed record FatDirectoryEntry(string Name, FatAttributes Attributes, long Size, int FirstCluster, DateTime? Modified)
{
    public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0;

    /// <summary>Where the 32-byte entry is in the image (byte offset).</summary>
    public int EntryOffset { get; init; }
}
