namespace Concord.Devices.Floppy.Fat;

/// <summary>What kind of failure a <see cref="FatException"/> reports.</summary>
public enum FatError
{
    /// <summary>The image holds no FAT12 volume, or its BIOS parameter block does not fit the image.</summary>
    NotFat12,
    /// <summary>A name or path that DOS cannot use (not 8.3, a bad character, a device name).</summary>
    InvalidName,
    /// <summary>No file or directory by that name.</summary>
    NotFound,
    /// <summary>A directory where a file was expected, or a file on the way to a directory.</summary>
    WrongKind,
    /// <summary>A file or directory of that name exists already (and may not be replaced).</summary>
    AlreadyExists,
    /// <summary>Not enough free clusters.</summary>
    DiskFull,
    /// <summary>The root directory has no free entry (its size is fixed when formatting).</summary>
    RootDirectoryFull,
    /// <summary>A directory to remove still holds entries.</summary>
    DirectoryNotEmpty,
    /// <summary>The entry is read-only, or the image is write-protected.</summary>
    ReadOnly,
    /// <summary>A cluster chain that leaves the volume, loops or ends early.</summary>
    Damaged,
    /// <summary>The host could not write the image.</summary>
    WriteFailed,
}
