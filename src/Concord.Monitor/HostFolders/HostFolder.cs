using Concord.Devices.Floppy.Fat;

namespace Concord.Monitor.HostFolders;

/// <summary>
/// A host folder served to DOS as a drive: every file operation a DOS network redirector is asked
/// for, on DOS paths (<c>\SUB\FILE.TXT</c>, code page 437 characters, relative to the folder), with
/// DOS error codes for answers. Nothing is cached between calls except a directory search's listing
/// (<see cref="SearchTable"/>) and the files DOS holds open, so a change made on the host shows at
/// DOS's next call.
/// </summary>
/// <remarks>
/// <para>Safe by construction: a DOS path is resolved one component at a time, each through the
/// names of the directory it is in (<see cref="DirectoryListing"/>), so <c>..</c>, a name with a
/// character DOS does not allow, a device name or an over-long path can only fail; a link is
/// followed only when everything it leads to lies inside the folder (checked with every link
/// resolved), and a FIFO, socket or device is never served. Nothing outside <see cref="Root"/> is
/// ever reached.</para>
/// <para>Read-only mounts refuse every change with error 5 (access denied), as a read-only network
/// drive does. DOS writes reach the host file when DOS commits or closes it (<see cref="HostOpenFile"/>).
/// Not thread-safe: a machine serves all its VMs on one thread.</para>
/// </remarks>
public sealed class HostFolder : IDisposable
{
    /// <summary>The start of the names of this folder's temporary files (a file's uncommitted changes); never shown to DOS.</summary>
    public const string TemporaryPrefix = ".concord~";

    /// <summary>The longest DOS path served (DOS's own buffers hold 128 bytes with the drive and the terminating zero).</summary>
    public const int MostPathLength = 125;

    /// <summary>DOS opens at once (each takes an SFT entry in DOS, which has far fewer).</summary>
    public const int MostOpenFiles = 255;

    private readonly HostFileHandle?[] _handles = new HostFileHandle?[MostOpenFiles];
    private readonly Dictionary<string, HostOpenFile> _open = new(StringComparer.Ordinal);
    private readonly SearchTable _searches = new();
    private ushort _nextTag;

    /// <summary>Mounts <paramref name="path"/>.</summary>
    /// <exception cref="HostFolderException">It does not exist or is not a directory.</exception>
    public HostFolder(string path, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path)) throw new HostFolderException(File.Exists(path)
            ? $"'{path}' is a file; a mount needs a folder"
            : $"the folder '{path}' does not exist");
        Root = HostNative.RealPath(Path.GetFullPath(path)) ?? throw new HostFolderException($"the folder '{path}' cannot be resolved");
        GivenPath = path;
        ReadOnly = readOnly;
    }

    /// <summary>The folder's path with every link resolved: everything served lies in it.</summary>
    public string Root { get; }

    /// <summary>The path as it was given.</summary>
    public string GivenPath { get; }

    public bool ReadOnly { get; }

    /// <summary>Files DOS holds open now.</summary>
    public int OpenFiles => _open.Count;

    // ---- names and directories ----

    /// <summary>The entry a DOS path names (a file or a directory; the root is a directory), or why there is none.</summary>
    public DosError GetEntry(string dosPath, out HostEntry? entry)
    {
        entry = null;
        if (Split(dosPath, out string[] directories, out string last) is { } bad) return bad;
        if (Walk(directories, out string hostDirectory) is { } error) return error;
        if (last.Length == 0)
        {
            if (directories.Length > 0) return DosError.FileNotFound;
            entry = RootEntry();
            return DosError.None;
        }
        if (DosName.Parse(last) is not { } name) return DosError.FileNotFound;
        entry = Find(hostDirectory, name);
        return entry is null ? DosError.FileNotFound : DosError.None;
    }

    /// <summary>Whether a DOS path names a directory (CHDIR's check: DOS then records the path itself).</summary>
    public DosError ChangeDirectory(string dosPath)
    {
        if (GetEntry(dosPath, out HostEntry? entry) != DosError.None) return DosError.PathNotFound;
        return entry!.IsDirectory ? DosError.None : DosError.PathNotFound;
    }

    public DosError MakeDirectory(string dosPath)
    {
        if (ReadOnly) return DosError.AccessDenied;
        if (Split(dosPath, out string[] directories, out string last) is { } bad) return bad;
        if (Walk(directories, out string hostDirectory) is { } error) return error;
        if (DosName.Parse(last) is not { } name) return DosError.PathNotFound;
        string hostPath = Path.Join(hostDirectory, name);
        if (Find(hostDirectory, name) is not null || Path.Exists(hostPath) || IsLinkPath(hostPath)) return DosError.AccessDenied;
        return Host(() => Directory.CreateDirectory(hostPath));
    }

    /// <summary>Removes an empty directory (one holding nothing at all on the host, not even what DOS is not shown).</summary>
    public DosError RemoveDirectory(string dosPath)
    {
        if (ReadOnly) return DosError.AccessDenied;
        if (GetEntry(dosPath, out HostEntry? entry) is not DosError.None) return DosError.PathNotFound;
        if (!entry!.IsDirectory) return DosError.PathNotFound;
        if (entry.HostPath == Root || IsLinkPath(entry.HostPath)) return DosError.AccessDenied;
        try
        {
            if (Directory.EnumerateFileSystemEntries(entry.HostPath).Any()) return DosError.AccessDenied;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return DosError.AccessDenied; }
        return Host(() => Directory.Delete(entry.HostPath, recursive: false));
    }

    /// <summary>
    /// Deletes the files a DOS path names; its last component may hold wildcards (normal files only
    /// then, as DOS deletes). A read-only file is refused.
    /// </summary>
    public DosError Delete(string dosPath)
    {
        if (ReadOnly) return DosError.AccessDenied;
        if (Split(dosPath, out string[] directories, out string last) is { } bad) return bad;
        if (Walk(directories, out string hostDirectory) is { } error) return error;
        if (DosName.ParsePattern(last) is not { } template) return DosError.FileNotFound;
        List<HostEntry> victims;
        if (!DosName.HasWildcards(template))
        {
            if (Find(hostDirectory, DosName.FromFcb(template)) is not { } single) return DosError.FileNotFound;
            if (single.IsDirectory) return DosError.AccessDenied;
            victims = [single];
        }
        else
        {
            victims = DirectoryListing.Read(this, hostDirectory).Entries
                .Where(e => DosName.Matches(e.Fcb, template) && Visible(e.Attributes, FatAttributes.None) && !e.IsDirectory)
                .ToList();
            if (victims.Count == 0) return DosError.FileNotFound;
        }
        DosError result = DosError.None;
        bool deleted = false;
        foreach (HostEntry victim in victims)
        {
            DosError one = (victim.Attributes & FatAttributes.ReadOnly) != 0 ? DosError.AccessDenied : Host(() => File.Delete(victim.HostPath));
            if (one == DosError.None) deleted = true;
            else result = one;
        }
        return deleted ? DosError.None : result;
    }

    /// <summary>
    /// Renames (and moves, inside the folder) a file or directory. Wildcards in both names rename
    /// every matching file, a <c>?</c> of the new name keeping the old name's character there (as
    /// DOS's FCB rename does). A new name already in use is refused with error 5.
    /// </summary>
    public DosError Rename(string fromPath, string toPath)
    {
        if (ReadOnly) return DosError.AccessDenied;
        if (Split(fromPath, out string[] fromDirectories, out string fromLast) is { } bad) return bad;
        if (Split(toPath, out string[] toDirectories, out string toLast) is { } badTo) return badTo;
        if (Walk(fromDirectories, out string fromDirectory) is { } error) return error;
        if (Walk(toDirectories, out string toDirectory) is { } toError) return toError;
        if (DosName.ParsePattern(fromLast) is not { } from) return DosError.FileNotFound;
        if (DosName.ParsePattern(toLast) is not { } to) return DosError.PathNotFound;

        if (!DosName.HasWildcards(from))
        {
            if (Find(fromDirectory, DosName.FromFcb(from)) is not { } source) return DosError.FileNotFound;
            return Move(source, toDirectory, Renamed(source.Fcb, to));
        }
        var sources = DirectoryListing.Read(this, fromDirectory).Entries
            .Where(e => DosName.Matches(e.Fcb, from) && Visible(e.Attributes, FatAttributes.None) && !e.IsDirectory).ToList();
        if (sources.Count == 0) return DosError.FileNotFound;
        foreach (HostEntry source in sources)
            if (Move(source, toDirectory, Renamed(source.Fcb, to)) is not DosError.None and var failed) return failed;
        return DosError.None;
    }

    /// <summary>Sets a file's attributes: read-only becomes the host's write permission; hidden, system and archive are accepted and not kept.</summary>
    public DosError SetAttributes(string dosPath, FatAttributes attributes)
    {
        if (ReadOnly) return DosError.AccessDenied;
        if ((attributes & (FatAttributes.Directory | FatAttributes.VolumeLabel)) != 0 || (byte)attributes > 0x3F) return DosError.AccessDenied;
        if (GetEntry(dosPath, out HostEntry? entry) is not DosError.None and var error) return error;
        if (entry!.IsDirectory || OperatingSystem.IsWindows()) return DosError.None;
        return Host(() =>
        {
            if (OperatingSystem.IsWindows()) return;
            const UnixFileMode writable = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
            UnixFileMode mode = File.GetUnixFileMode(entry.HostPath);
            // Read-only clears every write bit; writable again gives the owner's back (as chmod u+w).
            mode = (attributes & FatAttributes.ReadOnly) != 0 ? mode & ~writable : mode | UnixFileMode.UserWrite;
            File.SetUnixFileMode(entry.HostPath, mode);
        });
    }

    /// <summary>The host disk's size and free space, as DOS counts it.</summary>
    public DiskSpace Space()
    {
        try
        {
            var drive = new DriveInfo(Root);
            return DiskSpace.Of(drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return DiskSpace.Of(0, 0);
        }
    }

    // ---- searches ----

    /// <summary>
    /// Starts a directory search: the last component of <paramref name="dosPath"/> is the pattern
    /// (<c>*</c> and <c>?</c>); <paramref name="search"/> the DOS search attributes (hidden, system
    /// and directory entries only when asked; 08h alone asks for the volume label, which a host
    /// folder has none of). A subdirectory's search begins with its <c>.</c> and <c>..</c>.
    /// </summary>
    public DosError FindFirst(string dosPath, FatAttributes search, out FoundEntry found)
    {
        found = default;
        if (Split(dosPath, out string[] directories, out string last) is { } bad) return bad;
        if (Walk(directories, out string hostDirectory) is { } error) return error;
        if (DosName.ParsePattern(last) is not { } template) return DosError.FileNotFound;
        if (IsLabelSearch(search)) return DosError.NoMoreFiles;
        if (!DosName.HasWildcards(template))
        {
            // One name: no listing kept; the find next that may follow has nothing more.
            if (Find(hostDirectory, DosName.FromFcb(template)) is not { } single || !Visible(single.Attributes, search))
                return DosError.NoMoreFiles;
            found = new FoundEntry(single, new FindPosition(ushort.MaxValue, 0, 0));
            return DosError.None;
        }
        var entries = new List<HostEntry>();
        if (directories.Length > 0)
        {
            DateTime written = Directory.GetLastWriteTime(hostDirectory);
            entries.Add(Dots(".", hostDirectory, written));
            entries.Add(Dots("..", hostDirectory, written));
        }
        entries.AddRange(DirectoryListing.Read(this, hostDirectory).Entries);
        return Next(entries, _searches.Start(entries), template, search, out found);
    }

    /// <summary>Goes on with a search from where <paramref name="position"/> says, with the template and attributes it started with.</summary>
    public DosError FindNext(FindPosition position, ReadOnlySpan<byte> template, FatAttributes search, out FoundEntry found)
    {
        found = default;
        if (IsLabelSearch(search) || _searches.Entries(position) is not { } entries) return DosError.NoMoreFiles;
        return Next(entries, position, template, search, out found);
    }

    // ---- files ----

    /// <summary>Opens an existing file.</summary>
    public DosError Open(string dosPath, DosOpenAccess access, out HostFileHandle? handle)
    {
        handle = null;
        if (access is < DosOpenAccess.Read or > DosOpenAccess.ReadWrite) return DosError.InvalidAccessCode;
        if (GetEntry(dosPath, out HostEntry? entry) is not DosError.None and var error) return error;
        if (entry!.IsDirectory) return DosError.AccessDenied;
        bool writes = access != DosOpenAccess.Read;
        if (writes && (ReadOnly || (entry.Attributes & FatAttributes.ReadOnly) != 0)) return DosError.AccessDenied;
        return Attach(entry, access != DosOpenAccess.Write, writes, out handle);
    }

    /// <summary>Creates a file, or empties one that exists (INT 21h AH=3Ch); it is open for reading and writing.</summary>
    public DosError Create(string dosPath, FatAttributes attributes, out HostFileHandle? handle) =>
        ExtendedOpen(dosPath, DosOpenAction.ReplaceIfExists | DosOpenAction.CreateIfMissing, DosOpenAccess.ReadWrite, attributes, out handle, out _);

    /// <summary>DOS 4's extended open or create: what to do whether the file exists or not (<see cref="DosOpenAction"/>).</summary>
    public DosError ExtendedOpen(string dosPath, DosOpenAction action, DosOpenAccess access, FatAttributes attributes,
        out HostFileHandle? handle, out DosOpenResult result)
    {
        handle = null;
        result = DosOpenResult.Opened;
        int ifExists = (int)action & 0x0F, ifMissing = ((int)action >> 4) & 0x0F;
        if (ifExists > 2 || ifMissing > 1 || access is < DosOpenAccess.Read or > DosOpenAccess.ReadWrite) return DosError.InvalidFunction;
        if (Split(dosPath, out string[] directories, out string last) is { } bad) return bad;
        if (Walk(directories, out string hostDirectory) is { } error) return error;
        if (DosName.Parse(last) is not { } name) return DosError.PathNotFound;

        if (Find(hostDirectory, name) is { } existing)
        {
            if (ifExists == 0) return DosError.FileExists;
            if (existing.IsDirectory) return DosError.AccessDenied;
            if (ifExists == 1) return Open(dosPath, access, out handle);
            if (ReadOnly || (existing.Attributes & FatAttributes.ReadOnly) != 0) return DosError.AccessDenied;
            if (Attach(existing, true, true, out handle) is not DosError.None and var openError) return openError;
            result = DosOpenResult.Replaced;
            return handle!.File.SetLength(0) is not DosError.None and var cut ? Detach(handle, cut) : DosError.None;
        }
        if (ifMissing == 0) return DosError.FileNotFound;
        if (ReadOnly || (attributes & (FatAttributes.Directory | FatAttributes.VolumeLabel)) != 0) return DosError.AccessDenied;
        string hostPath = Path.Join(hostDirectory, name);
        if (Path.Exists(hostPath) || IsLinkPath(hostPath)) return DosError.AccessDenied; // something DOS is not shown holds the name
        if (Host(() => new FileStream(hostPath, FileMode.CreateNew, FileAccess.Write).Dispose()) is not DosError.None and var created)
            return created;
        result = DosOpenResult.Created;
        HostEntry entry = DirectoryListing.Entry(new FileInfo(hostPath), false, name);
        return Attach(entry, true, true, out handle);
    }

    /// <summary>The open file an SFT names by id and tag, or null (a stale or foreign SFT).</summary>
    public HostFileHandle? Handle(ushort id, ushort tag) =>
        id is >= 1 and <= MostOpenFiles && _handles[id - 1] is { } h && h.Tag == tag ? h : null;

    public DosError Read(HostFileHandle handle, long position, Span<byte> into, out int read)
    {
        read = 0;
        if (handle.Closed) return DosError.InvalidHandle;
        if (!handle.CanRead) return DosError.AccessDenied;
        return handle.File.Read(position, into, out read);
    }

    public DosError Write(HostFileHandle handle, long position, ReadOnlySpan<byte> bytes)
    {
        if (handle.Closed) return DosError.InvalidHandle;
        if (!handle.CanWrite || ReadOnly) return DosError.AccessDenied;
        return handle.File.Write(position, bytes);
    }

    /// <summary>Cuts or extends the file to <paramref name="length"/> (DOS's write of zero bytes).</summary>
    public DosError SetLength(HostFileHandle handle, long length)
    {
        if (handle.Closed) return DosError.InvalidHandle;
        if (!handle.CanWrite || ReadOnly) return DosError.AccessDenied;
        return handle.File.SetLength(length);
    }

    /// <summary>DOS's commit: the file's changes reach the host file (atomically).</summary>
    public DosError Commit(HostFileHandle handle) => handle.Closed ? DosError.InvalidHandle : handle.File.Commit();

    /// <summary>
    /// Ends one open: its changes are committed, and <paramref name="stamp"/> (the date and time DOS
    /// set on the handle, or null to leave the host's) becomes the file's modification time.
    /// </summary>
    public DosError Close(HostFileHandle handle, DateTime? stamp)
    {
        if (handle.Closed) return DosError.InvalidHandle;
        DosError result = handle.CanWrite ? handle.File.Commit() : DosError.None;
        if (result == DosError.None && stamp is { } when && handle.CanWrite)
            result = Host(() => File.SetLastWriteTime(handle.File.RealPath, when));
        Detach(handle, DosError.None);
        return result;
    }

    /// <summary>Closes every open file, dropping changes DOS never committed (the host files stay as they were).</summary>
    public void Dispose()
    {
        foreach (HostOpenFile file in _open.Values) file.Dispose();
        _open.Clear();
        foreach (HostFileHandle? h in _handles) if (h is not null) h.Closed = true;
        Array.Clear(_handles);
    }

    // ---- what DOS is shown ----

    /// <summary>
    /// Whether a directory entry is served, and as what: null when it is a link leading outside the
    /// folder (or nowhere), a FIFO, socket or device; else whether it is a directory.
    /// </summary>
    internal bool? Serve(FileSystemInfo info)
    {
        bool link = info.LinkTarget is not null;
        if (link && (HostNative.RealPath(info.FullName) is not { } real || !Inside(real))) return null;
        if (!link && (info.Attributes & FileAttributes.Directory) != 0) return true;
        return HostNative.Kind(info.FullName) switch
        {
            HostFileKind.RegularFile => false,
            HostFileKind.Directory => true,
            _ => null,
        };
    }

    private bool Inside(string real) =>
        real == Root || real.StartsWith(Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The entry shown as <paramref name="dosName"/> in a host directory. A host name spelled exactly
    /// so is that entry whenever it is served (an upper-case 8.3 name always keeps its name), which
    /// spares reading the directory; any other name needs the directory's listing.
    /// </summary>
    private HostEntry? Find(string hostDirectory, string dosName)
    {
        string candidate = Path.Join(hostDirectory, dosName);
        try
        {
            FileSystemInfo info = Directory.Exists(candidate) ? new DirectoryInfo(candidate) : new FileInfo(candidate);
            if ((info.Exists || info.LinkTarget is not null) && DosName.FromHost(info.Name) == dosName && Serve(info) is { } isDirectory)
                return DirectoryListing.Entry(info, isDirectory, dosName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
        return DirectoryListing.Read(this, hostDirectory).Find(dosName);
    }

    /// <summary>Splits <c>\A\B\NAME</c> into its directories and last component (empty for the root), refusing what no DOS path is.</summary>
    private static DosError? Split(string dosPath, out string[] directories, out string last)
    {
        directories = [];
        last = "";
        if (dosPath.Length == 0 || dosPath[0] != '\\' || dosPath.Length > MostPathLength) return DosError.PathNotFound;
        if (dosPath == "\\") return null;
        string[] parts = dosPath[1..].Split('\\');
        for (int i = 0; i < parts.Length - 1; i++)
            if (DosName.Parse(parts[i]) is null) return DosError.PathNotFound; // empty, . and .. included
        directories = parts[..^1].Select(p => DosName.Parse(p)!).ToArray();
        last = parts[^1];
        return last.Length == 0 ? DosError.PathNotFound : null;
    }

    /// <summary>Descends from the root through <paramref name="directories"/>, each found by its DOS name.</summary>
    private DosError? Walk(string[] directories, out string hostDirectory)
    {
        hostDirectory = Root;
        foreach (string name in directories)
        {
            if (Find(hostDirectory, name) is not { IsDirectory: true } entry) return DosError.PathNotFound;
            hostDirectory = entry.HostPath;
        }
        return null;
    }

    private HostEntry RootEntry() =>
        new(Path.GetFileName(Root), Root, "\\", new byte[11], FatAttributes.Directory, 0, Directory.GetLastWriteTime(Root));

    private static HostEntry Dots(string name, string hostDirectory, DateTime written)
    {
        byte[] fcb = "           "u8.ToArray();
        for (int i = 0; i < name.Length; i++) fcb[i] = (byte)'.';
        return new HostEntry(name, hostDirectory, name, fcb, FatAttributes.Directory, 0, written);
    }

    private static DosError Next(IReadOnlyList<HostEntry> entries, FindPosition position, ReadOnlySpan<byte> template, FatAttributes search, out FoundEntry found)
    {
        found = default;
        for (int i = position.Index; i < entries.Count; i++)
        {
            HostEntry e = entries[i];
            if (!DosName.Matches(e.Fcb, template) || !Visible(e.Attributes, search)) continue;
            found = new FoundEntry(e, position with { Index = (ushort)Math.Min(i + 1, ushort.MaxValue) });
            return DosError.None;
        }
        return DosError.NoMoreFiles;
    }

    /// <summary>DOS's rule: hidden, system and directory entries only when the search asks for them.</summary>
    private static bool Visible(FatAttributes entry, FatAttributes search) =>
        (entry & (FatAttributes.Hidden | FatAttributes.System | FatAttributes.Directory) & ~search) == 0;

    /// <summary>A search for the volume label alone (08h, with at most read-only and archive beside it).</summary>
    private static bool IsLabelSearch(FatAttributes search) =>
        (search & ~(FatAttributes.ReadOnly | FatAttributes.Archive)) == FatAttributes.VolumeLabel;

    /// <summary>The new 11-byte name: the template's characters, a <c>?</c> keeping the old name's.</summary>
    private static string Renamed(ReadOnlySpan<byte> old, ReadOnlySpan<byte> template)
    {
        Span<byte> fcb = stackalloc byte[11];
        for (int i = 0; i < 11; i++) fcb[i] = template[i] == (byte)'?' ? old[i] : template[i];
        return DosName.FromFcb(fcb);
    }

    private DosError Move(HostEntry source, string toDirectory, string newName)
    {
        if (DosName.Parse(newName) is not { } name) return DosError.AccessDenied;
        string target = Path.Join(toDirectory, name);
        if (Find(toDirectory, name) is { } existing)
            return existing.HostPath == source.HostPath ? DosError.None : DosError.AccessDenied;
        if (Path.Exists(target) || IsLinkPath(target)) return DosError.AccessDenied;
        if (source.IsDirectory && (target + Path.DirectorySeparatorChar).StartsWith(source.HostPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return DosError.AccessDenied; // into itself
        return Host(() =>
        {
            if (source.IsDirectory) Directory.Move(source.HostPath, target);
            else File.Move(source.HostPath, target);
        });
    }

    private DosError Attach(HostEntry entry, bool canRead, bool canWrite, out HostFileHandle? handle)
    {
        handle = null;
        if (HostNative.RealPath(entry.HostPath) is not { } real || !Inside(real)) return DosError.FileNotFound;
        if (HostNative.Kind(real) != HostFileKind.RegularFile) return DosError.AccessDenied;
        int slot = Array.IndexOf(_handles, null);
        if (slot < 0) return DosError.TooManyOpenFiles;
        if (!_open.TryGetValue(real, out HostOpenFile? file))
        {
            if (HostOpenFile.Open(real, out file) is not DosError.None and var error) return error;
            _open.Add(real, file!);
        }
        file!.References++;
        handle = new HostFileHandle((ushort)(slot + 1), ++_nextTag, file, canRead, canWrite, entry);
        _handles[slot] = handle;
        return DosError.None;
    }

    private DosError Detach(HostFileHandle handle, DosError result)
    {
        handle.Closed = true;
        _handles[handle.Id - 1] = null;
        if (--handle.File.References == 0)
        {
            _open.Remove(handle.File.RealPath);
            handle.File.Dispose();
        }
        return result;
    }

    private static bool IsLinkPath(string path) => HostNative.IsLink(path);

    /// <summary>Runs a host operation; a host error becomes the DOS error a network drive gives for it.</summary>
    private static DosError Host(Action operation)
    {
        try
        {
            operation();
            return DosError.None;
        }
        catch (FileNotFoundException) { return DosError.FileNotFound; }
        catch (DirectoryNotFoundException) { return DosError.PathNotFound; }
        catch (UnauthorizedAccessException) { return DosError.AccessDenied; }
        catch (IOException e) { return (e.HResult & 0xFFFF) is 28 or 122 or 0x70 ? DosError.DiskFull : DosError.AccessDenied; }
    }
}
