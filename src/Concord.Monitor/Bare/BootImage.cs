namespace Concord.Monitor.Bare;

/// <summary>
/// Reads the boot sector of a raw floppy image: its first <see cref="SectorSize"/> bytes, as a PC
/// BIOS loads them at 0000:7C00. The rest of the image is not read (there is no disk controller
/// yet). The 55AAh signature at the end of the sector is not required.
/// </summary>
public static class BootImage
{
    public const int SectorSize = 512;

    /// <summary>Reads the first sector of the image at <paramref name="path"/>.</summary>
    /// <exception cref="BootImageException">The path is empty, missing, a folder, unreadable, or shorter than a sector.</exception>
    public static byte[] ReadBootSector(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new BootImageException(path, "no floppy image given; give the path of a raw floppy image file (at least 512 bytes)");
        if (Directory.Exists(path))
            throw new BootImageException(path, $"'{path}' is a folder, not a floppy image; give the path of a raw image file (at least 512 bytes)");
        if (!File.Exists(path))
            throw new BootImageException(path, $"floppy image '{path}' does not exist; give the path of a raw image file (at least 512 bytes)");
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.None);
            long length = file.Length;
            if (length < SectorSize)
                throw new BootImageException(path,
                    $"floppy image '{path}' is {length} bytes long; a boot sector needs at least {SectorSize} bytes");
            var sector = new byte[SectorSize];
            file.ReadExactly(sector);
            return sector;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not BootImageException)
        {
            throw new BootImageException(path, $"cannot read floppy image '{path}': {e.Message}", e);
        }
    }
}
