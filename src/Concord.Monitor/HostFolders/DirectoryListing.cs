using Concord.Devices.Floppy.Fat;

namespace Concord.Monitor.HostFolders;

/// <summary>
/// A host directory read afresh, as DOS sees it: every entry that may be served, each under a
/// unique 8.3 name, sorted by that name. Entries that are never served: links that lead outside
/// the mounted folder, dangling or looping links, FIFOs, sockets and devices, and the folder's own
/// temporary files (<see cref="HostFolder.TemporaryPrefix"/>).
/// </summary>
/// <remarks>
/// Names: a host name that is a valid 8.3 name once upper-cased shows as itself (case-insensitive:
/// of <c>readme.txt</c> and <c>README.TXT</c>, the one spelled in upper case keeps the name, else the
/// first in ordinal order); every other name shows under an alias (<see cref="DosName.Alias"/>),
/// given in ordinal order of host names, avoiding every name already taken. The result depends only
/// on the set of names in the directory, so it is the same every time the directory is read.
/// </remarks>
public sealed class DirectoryListing
{
    private readonly HostEntry[] _entries;
    private readonly Dictionary<string, HostEntry> _byName;

    private DirectoryListing(HostEntry[] entries)
    {
        _entries = entries;
        _byName = entries.ToDictionary(e => e.DosName, StringComparer.Ordinal);
    }

    /// <summary>The entries, sorted by their DOS names (ordinal).</summary>
    public IReadOnlyList<HostEntry> Entries => _entries;

    /// <summary>The entry shown under <paramref name="dosName"/> (upper case), or null.</summary>
    public HostEntry? Find(string dosName) => _byName.GetValueOrDefault(dosName);

    /// <summary>Reads <paramref name="hostDirectory"/>, which lies inside <paramref name="folder"/>.</summary>
    public static DirectoryListing Read(HostFolder folder, string hostDirectory)
    {
        var found = new List<(FileSystemInfo Info, bool IsDirectory)>();
        var options = new EnumerationOptions
        {
            AttributesToSkip = 0, // dot files are "hidden" on Unix: DOS sees them, with its hidden attribute
            IgnoreInaccessible = true,
            RecurseSubdirectories = false,
            ReturnSpecialDirectories = false,
        };
        try
        {
            foreach (FileSystemInfo info in new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos("*", options))
            {
                if (info.Name.StartsWith(HostFolder.TemporaryPrefix, StringComparison.Ordinal)) continue;
                if (folder.Serve(info) is { } isDirectory) found.Add((info, isDirectory));
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new DirectoryListing(Name(found));
    }

    private static HostEntry[] Name(List<(FileSystemInfo Info, bool IsDirectory)> found)
    {
        found.Sort((a, b) => string.CompareOrdinal(a.Info.Name, b.Info.Name));
        var names = new string?[found.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);

        // Plain names first: per upper-case name, the host name spelled that way, else the first in ordinal order.
        var claims = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < found.Count; i++)
        {
            if (DosName.FromHost(found[i].Info.Name) is not { } plain) continue;
            if (!claims.TryGetValue(plain, out int holder) || (found[i].Info.Name == plain && found[holder].Info.Name != plain))
                claims[plain] = i;
        }
        foreach ((string plain, int i) in claims)
        {
            names[i] = plain;
            taken.Add(plain);
        }

        // Then aliases, in ordinal order of host names, each avoiding every name taken before it.
        for (int i = 0; i < found.Count; i++)
        {
            if (names[i] is not null) continue;
            string alias;
            int salt = 0;
            do alias = DosName.Alias(found[i].Info.Name, salt++);
            while (!taken.Add(alias));
            names[i] = alias;
        }

        var entries = new HostEntry[found.Count];
        for (int i = 0; i < found.Count; i++)
            entries[i] = Entry(found[i].Info, found[i].IsDirectory, names[i]!);
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.DosName, b.DosName));
        return entries;
    }

    /// <summary>
    /// The entry's facts. A file the host does not let its owner write is read-only to DOS; a name
    /// starting with a dot is hidden (as Unix tools hide it). On a read-only mount files keep their
    /// own attributes, as on a read-only share: it is the drive that refuses changes.
    /// </summary>
    internal static HostEntry Entry(FileSystemInfo info, bool isDirectory, string dosName)
    {
        FatAttributes attributes = isDirectory ? FatAttributes.Directory : FatAttributes.Archive;
        if (info.Name.StartsWith('.')) attributes |= FatAttributes.Hidden;
        long size = 0;
        DateTime written = DateTime.Now;
        try
        {
            FileSystemInfo target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            if (!isDirectory && !OperatingSystem.IsWindows() && (target.UnixFileMode & UnixFileMode.UserWrite) == 0)
                attributes |= FatAttributes.ReadOnly;
            if (!isDirectory && target is FileInfo file) size = file.Length;
            written = target.LastWriteTime;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new HostEntry(info.Name, info.FullName, dosName, DosName.ToFcb(dosName), attributes,
            (uint)Math.Clamp(size, 0, uint.MaxValue), written);
    }
}
