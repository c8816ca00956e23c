namespace Concord.Monitor.HostFolders;

/// <summary>
/// One host file that DOS has open, shared by every DOS handle on it (so that they all see the same
/// bytes). Reads come from the host file as it is; the first write (or truncation) copies it to a
/// temporary file beside it (<see cref="HostFolder.TemporaryPrefix"/>, never shown to DOS) and every
/// change goes there; <see cref="Commit"/> (DOS's commit, or the last close) flushes the copy to
/// the disk and renames it over the file. So the host file is always either as it was or as DOS
/// left it at a commit: never half-written, whatever happens to the machine in between.
/// </summary>
internal sealed class HostOpenFile : IDisposable
{
    private FileStream _file;
    private FileStream? _shadow;
    private string? _shadowPath;

    private HostOpenFile(string realPath, FileStream file)
    {
        RealPath = realPath;
        _file = file;
    }

    /// <summary>The file's path with every link resolved (the key of the open-file table).</summary>
    public string RealPath { get; }

    /// <summary>DOS handles on it.</summary>
    public int References { get; set; }

    /// <summary>Changes not yet committed to the host file.</summary>
    public bool Dirty => _shadow is not null;

    public long Length => (_shadow ?? _file).Length;

    /// <summary>Opens the host file for reading (every change goes through a copy), or says why not.</summary>
    public static DosError Open(string realPath, out HostOpenFile? file)
    {
        file = null;
        try
        {
            file = new HostOpenFile(realPath, new FileStream(realPath, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None));
            return DosError.None;
        }
        catch (FileNotFoundException) { return DosError.FileNotFound; }
        catch (DirectoryNotFoundException) { return DosError.PathNotFound; }
        catch (UnauthorizedAccessException) { return DosError.AccessDenied; }
        catch (IOException) { return DosError.SharingViolation; }
    }

    /// <summary>Reads at <paramref name="position"/>; fewer bytes (or none) at the end of the file.</summary>
    public DosError Read(long position, Span<byte> into, out int read)
    {
        read = 0;
        FileStream from = _shadow ?? _file;
        try
        {
            if (position >= from.Length) return DosError.None;
            from.Position = position;
            while (read < into.Length)
            {
                int n = from.Read(into[read..]);
                if (n == 0) break;
                read += n;
            }
            return DosError.None;
        }
        catch (IOException) { return DosError.GeneralFailure; }
    }

    /// <summary>Writes at <paramref name="position"/> (a gap up to it reads as zeros), into the copy.</summary>
    public DosError Write(long position, ReadOnlySpan<byte> bytes)
    {
        if (Shadow() is { } error) return error;
        try
        {
            if (position > _shadow!.Length) _shadow.SetLength(position);
            _shadow.Position = position;
            _shadow.Write(bytes);
            return DosError.None;
        }
        catch (IOException e) { return Failure(e); }
    }

    /// <summary>Cuts or extends the file to <paramref name="length"/> bytes, in the copy.</summary>
    public DosError SetLength(long length)
    {
        if (Shadow() is { } error) return error;
        try
        {
            _shadow!.SetLength(length);
            return DosError.None;
        }
        catch (IOException e) { return Failure(e); }
    }

    /// <summary>Makes the changes the host file's content: the copy is flushed to the disk and renamed over the file.</summary>
    public DosError Commit()
    {
        if (_shadow is null) return DosError.None;
        try
        {
            _shadow.Flush(flushToDisk: true);
            File.Move(_shadowPath!, RealPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard();
            return e is IOException io ? Failure(io) : DosError.AccessDenied;
        }
        // The copy is the file now; a later change starts a new copy.
        _file.Dispose();
        _file = _shadow;
        _shadow = null;
        _shadowPath = null;
        return DosError.None;
    }

    /// <summary>Drops uncommitted changes (the host file stays as it was) and closes the file.</summary>
    public void Dispose()
    {
        Discard();
        _file.Dispose();
    }

    private DosError? Shadow()
    {
        if (_shadow is not null) return null;
        string path = Path.Combine(Path.GetDirectoryName(RealPath)!, HostFolder.TemporaryPrefix + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var shadow = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            _shadowPath = path;
            _shadow = shadow;
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(_file.SafeFileHandle));
            _file.Position = 0;
            _file.CopyTo(shadow);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard();
            return e is IOException io ? Failure(io) : DosError.AccessDenied;
        }
    }

    private void Discard()
    {
        _shadow?.Dispose();
        _shadow = null;
        if (_shadowPath is null) return;
        try { File.Delete(_shadowPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        _shadowPath = null;
    }

    /// <summary>ENOSPC and EDQUOT are a full disk to DOS; any other host error a general failure.</summary>
    private static DosError Failure(IOException e) => (e.HResult & 0xFFFF) is 28 or 122 or 0x70 ? DosError.DiskFull : DosError.GeneralFailure;
}
