namespace Concord.Devices.Floppy;

/// <summary>
/// A diskette: a raw image (sectors in cylinder, head, sector order) kept in memory, optionally
/// backed by a file.
/// </summary>
/// <remarks>
/// A file is opened exclusively (<see cref="FileShare.None"/>, an advisory lock on Linux), so a
/// second Concord process that names the same image is refused with a <see cref="FloppyImageException"/>;
/// read-only images take a shared lock, so several processes may read one image but none may write it
/// meanwhile. Writes are written through: every sector write reaches the operating system before the
/// controller reports the command done, so the data survives the end of the process on any path
/// (normal end, power-off, exception, Ctrl+C). <see cref="Flush"/> also forces it to the storage
/// device; <see cref="Dispose"/> flushes and always closes the file. A host write error does not
/// throw at the guest: the sector write fails (the controller reports a data error) and
/// <see cref="WriteError"/> keeps the exception for the monitor to report.
/// </remarks>
public sealed class FloppyImage : IDisposable
{
    private readonly byte[] _data;
    private FileStream? _file;
    private bool _dirty;

    private FloppyImage(byte[] data, FloppyGeometry geometry, string? path, FileStream? file, bool writeProtected)
    {
        _data = data;
        Geometry = geometry;
        Path = path;
        _file = file;
        WriteProtected = writeProtected;
        ReadOnly = writeProtected && file is not null;
    }

    public FloppyGeometry Geometry { get; }

    /// <summary>The backing file, or null for an image in memory.</summary>
    public string? Path { get; }

    /// <summary>Opened read-only: the write-protect tab cannot be moved.</summary>
    public bool ReadOnly { get; }

    /// <summary>The write-protect tab. Always set for a read-only file.</summary>
    public bool WriteProtected
    {
        get;
        set => field = value || ReadOnly;
    }

    /// <summary>The last host error while writing the file, if any.</summary>
    public IOException? WriteError { get; private set; }

    /// <summary>Sectors written since the image was opened.</summary>
    public long SectorsWritten { get; private set; }

    /// <summary>The image bytes (for tests and tools; the guest writes through <see cref="WriteSector"/>).</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>A blank (zero-filled) image in memory.</summary>
    public static FloppyImage CreateInMemory(FloppyGeometry geometry, bool writeProtected = false) =>
        new(new byte[geometry.TotalBytes], geometry, null, null, writeProtected);

    /// <summary>An image in memory over a copy of <paramref name="bytes"/>; the geometry comes from the size unless given.</summary>
    public static FloppyImage FromBytes(ReadOnlySpan<byte> bytes, FloppyGeometry? geometry = null, bool writeProtected = false)
    {
        if (SizeProblem(bytes.Length, geometry) is { } problem) throw new FloppyImageException("(memory)", problem);
        var g = geometry ?? FloppyGeometry.FromImageSize(bytes.Length)!.Value;
        return new FloppyImage(bytes.ToArray(), g, null, null, writeProtected);
    }

    /// <summary>
    /// Opens an image file. The geometry comes from the file size unless given. Throws
    /// <see cref="FloppyImageException"/> when the file is missing, unreadable, held by another
    /// process, or of the wrong size.
    /// </summary>
    public static FloppyImage Open(string path, bool readOnly, FloppyGeometry? geometry = null)
    {
        // The size is checked before opening: a named pipe has none (0), and opening one for reading
        // would wait for a writer that never comes.
        long listedSize;
        try
        {
            listedSize = FileLength(path);
        }
        catch (FileNotFoundException e) { throw new FloppyImageException(path, "no such file", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new FloppyImageException(path, $"cannot be examined: {e.Message}", e); }
        if (SizeProblem(listedSize, geometry) is { } problem) throw new FloppyImageException(path, problem);

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                readOnly ? FileShare.Read : FileShare.None, bufferSize: 0);
        }
        catch (FileNotFoundException e) { throw new FloppyImageException(path, "no such file", e); }
        catch (DirectoryNotFoundException e) { throw new FloppyImageException(path, "no such directory", e); }
        catch (UnauthorizedAccessException e) { throw new FloppyImageException(path, readOnly ? "not readable (permission denied)" : "not writable (permission denied); open it read-only", e); }
        catch (IOException e) { throw new FloppyImageException(path, $"cannot be opened, probably because another process (another Concord?) holds it: {e.Message}", e); }

        try
        {
            // Replaced by a pipe or a device since it was listed: no length, no positions.
            if (!file.CanSeek) throw new FloppyImageException(path, "is not a regular file (a pipe or a device?); give the path of a raw image file");
            long size = file.Length;
            if (SizeProblem(size, geometry) is { } changed) throw new FloppyImageException(path, changed);
            var data = new byte[size];
            file.ReadExactly(data);
            return new FloppyImage(data, geometry ?? FloppyGeometry.FromImageSize(size)!.Value, path, file, readOnly);
        }
        catch (FloppyImageException)
        {
            file.Dispose();
            throw;
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new FloppyImageException(path, $"could not be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// The length of the file <paramref name="path"/> names, through symbolic links (FileInfo gives a
    /// link's own length); 0 for a pipe or a device. Throws <see cref="IOException"/> and
    /// <see cref="UnauthorizedAccessException"/> as FileInfo does.
    /// </summary>
    public static long FileLength(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        return info.Length;
    }

    /// <summary>Creates a zero-filled image file of <paramref name="geometry"/>; refuses to overwrite.</summary>
    public static void CreateFile(string path, FloppyGeometry geometry)
    {
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.SetLength(geometry.TotalBytes);
        }
        catch (IOException e) { throw new FloppyImageException(path, $"cannot be created: {e.Message}", e); }
    }

    /// <summary>Why <paramref name="size"/> bytes cannot hold a diskette (of <paramref name="expected"/>, if given), or null.</summary>
    private static string? SizeProblem(long size, FloppyGeometry? expected)
    {
        if (expected is { } g)
            return g.TotalBytes == size ? null : $"its size is {size} bytes, but the geometry given, {g}, needs {g.TotalBytes} bytes{FloppyGeometry.SizeHint(size)}";
        return FloppyGeometry.FromImageSize(size) is not null ? null
            : $"its size is {size} bytes, which is no diskette format; valid sizes are {FloppyGeometry.ValidSizes}, or give the geometry explicitly{FloppyGeometry.SizeHint(size)}";
    }

    /// <summary>Copies sector <paramref name="index"/> (see <see cref="FloppyGeometry.SectorIndex"/>) into <paramref name="destination"/>.</summary>
    public void ReadSector(int index, Span<byte> destination) =>
        _data.AsSpan(index * Geometry.SectorSize, Geometry.SectorSize).CopyTo(destination);

    /// <summary>Writes sector <paramref name="index"/> through to the file. False (nothing written) when write-protected or on a host error.</summary>
    public bool WriteSector(int index, ReadOnlySpan<byte> source)
    {
        if (WriteProtected) return false;
        int size = Geometry.SectorSize;
        long offset = (long)index * size;
        source[..size].CopyTo(_data.AsSpan((int)offset, size));
        SectorsWritten++;
        if (_file is null) return true;
        try
        {
            _file.Position = offset;
            _file.Write(source[..size]);
            _file.Flush();
            _dirty = true;
            return true;
        }
        catch (IOException e)
        {
            WriteError = e;
            return false;
        }
    }

    /// <summary>Forces written sectors to the storage device (an fsync). Throws on a host error.</summary>
    public void Flush()
    {
        if (_file is null || !_dirty) return;
        _file.Flush(flushToDisk: true);
        _dirty = false;
    }

    /// <summary>Flushes and closes the file; safe to call more than once. The file is closed even when the flush fails (the error is rethrown).</summary>
    public void Dispose()
    {
        var file = _file;
        if (file is null) return;
        try
        {
            Flush();
        }
        finally
        {
            _file = null;
            file.Dispose();
        }
    }
}
