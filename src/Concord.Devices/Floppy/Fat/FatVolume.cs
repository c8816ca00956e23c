using System.Buffers.Binary;
using System.Text;

namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// A FAT12 volume on a diskette image: format, list, read, write and delete files, make and remove
/// directories. Paths use <c>\</c> or <c>/</c>, are case-insensitive and made of 8.3 names; the root is
/// "" or "\".
/// </summary>
/// <remarks>
/// <para>The volume works on its own copy of the image in memory. Each change (a file written, a file
/// deleted...) is first made completely in memory, every check (names, free space, directory room)
/// done before anything moves. Only then are the sectors it changed written back to the
/// <see cref="FloppyImage"/> the volume was opened on, if any, in this order: file data, the FATs,
/// directories, the boot sector. A refused change (any <see cref="FatException"/> other than
/// <see cref="FatError.WriteFailed"/>) leaves the volume and the image as they were. When the host
/// fails to write a sector, the volume goes back to its state before the change and the sectors
/// already written are written back with their old contents (best effort; the exception says
/// whether that worked).</para>
/// <para>The image is read once, when the volume is opened: do not let a guest write it meanwhile.
/// A <see cref="FloppyImage"/> opened from a file holds the file's lock, so no other Concord can run a
/// machine on it while the volume is in use; <see cref="FloppyImage.Open"/> refuses an image that a
/// running machine holds. Not thread-safe.</para>
/// </remarks>
public sealed class FatVolume
{
    private const byte DeletedMark = 0xE5;
    private const int EndOfChain = 0xFFF;
    private const int FirstBadOrEnd = 0xFF7;

    private readonly byte[] _data;
    private readonly FloppyImage? _image;
    private readonly Dictionary<int, (byte[] Original, SectorKind Kind)> _changed = [];

    private FatVolume(byte[] data, FloppyGeometry geometry, FatParameters parameters, FloppyImage? image, string name)
    {
        _data = data;
        Geometry = geometry;
        Parameters = parameters;
        _image = image;
        ImageName = name;
    }

    private enum SectorKind { Data, Fat, Directory, Boot }

    /// <summary>The image's path, or "(memory)": the name errors give.</summary>
    public string ImageName { get; }

    public FloppyGeometry Geometry { get; }

    public FatParameters Parameters { get; }

    /// <summary>The whole image as the volume sees it (changes included).</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>A copy of the whole image.</summary>
    public byte[] ToArray() => (byte[])_data.Clone();

    /// <summary>Bytes per cluster, the unit of allocation.</summary>
    public int ClusterSize => Parameters.ClusterSize;

    /// <summary>Bytes in the data area.</summary>
    public long TotalBytes => (long)Parameters.ClusterCount * ClusterSize;

    public int FreeClusters
    {
        get
        {
            int free = 0;
            for (int c = 2; c <= MaxCluster; c++)
                if (GetFat(c) == 0) free++;
            return free;
        }
    }

    public long FreeBytes => (long)FreeClusters * ClusterSize;

    /// <summary>The volume label: the root directory's label entry, else the extended BPB's (unless "NO NAME"), else null.</summary>
    public string? Label
    {
        get
        {
            foreach (int slot in Slots(Root))
            {
                byte first = _data[slot];
                if (first == 0) break;
                var attributes = (FatAttributes)_data[slot + 0x0B];
                if (first != DeletedMark && attributes != FatAttributes.LongName && (attributes & FatAttributes.VolumeLabel) != 0)
                    return Encoding.Latin1.GetString(_data, slot, 11).TrimEnd(' ');
            }
            if (_data[0x26] == 0x29)
            {
                string label = Encoding.Latin1.GetString(_data, 0x2B, 11).TrimEnd(' ');
                if (label.Length > 0 && label != "NO NAME") return label;
            }
            return null;
        }
    }

    /// <summary>The serial number of the extended BPB, or null when the boot sector has none.</summary>
    public uint? VolumeId => _data[0x26] == 0x29 ? BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(0x27)) : null;

    private int MaxCluster => Parameters.ClusterCount + 1;

    private static Dir Root => new(0);

    // ---------------------------------------------------------------- creating and opening

    /// <summary>A freshly formatted volume of <paramref name="geometry"/> in memory.</summary>
    public static FatVolume Format(FloppyGeometry geometry, FatFormatOptions? options = null)
    {
        var p = FatParameters.For(geometry);
        return new FatVolume(BuildImage(geometry, p, options ?? new FatFormatOptions()), geometry, p, null, "(memory)");
    }

    /// <summary>
    /// Formats <paramref name="image"/> (every sector is written) and returns the volume on it. Throws
    /// <see cref="FatException"/> when the image is write-protected or the host cannot write it.
    /// </summary>
    public static FatVolume Format(FloppyImage image, FatFormatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        string name = image.Path ?? "(memory)";
        if (image.WriteProtected) throw new FatException(name, FatError.ReadOnly, "is write-protected; it cannot be formatted");
        var p = FatParameters.For(image.Geometry);
        byte[] data = BuildImage(image.Geometry, p, options ?? new FatFormatOptions());
        int size = p.BytesPerSector;
        for (int s = 0; s < p.TotalSectors; s++)
        {
            if (!image.WriteSector(s, data.AsSpan(s * size, size)))
                throw new FatException(name, FatError.WriteFailed, $"could not be written at sector {s}: {image.WriteError?.Message ?? "write refused"}", image.WriteError);
        }
        return new FatVolume(data, image.Geometry, p, image, name);
    }

    /// <summary>The bytes of a freshly formatted image of <paramref name="geometry"/>.</summary>
    public static byte[] CreateImage(FloppyGeometry geometry, FatFormatOptions? options = null) =>
        BuildImage(geometry, FatParameters.For(geometry), options ?? new FatFormatOptions());

    /// <summary>
    /// The volume in a copy of <paramref name="image"/> (changes stay in memory; see <see cref="ToArray"/>).
    /// Throws <see cref="FatException"/> when the size is no diskette format or the boot sector holds no
    /// FAT12 parameter block that fits it.
    /// </summary>
    public static FatVolume Open(ReadOnlySpan<byte> image, string name = "(memory)")
    {
        ArgumentNullException.ThrowIfNull(name);
        if (FloppyGeometry.FromImageSize(image.Length) is not { } geometry)
            throw new FatException(name, FatError.NotFat12,
                $"is {image.Length} bytes, which is no diskette format; valid sizes are {FloppyGeometry.ValidSizes}{FloppyGeometry.SizeHint(image.Length)}");
        var p = FatParameters.Read(image, geometry, name);
        return new FatVolume(image.ToArray(), geometry, p, null, name);
    }

    /// <summary>
    /// The volume on <paramref name="image"/>: read now, each change written back to it sector by sector
    /// (through to its file, if it has one). Throws <see cref="FatException"/> as <see cref="Open(ReadOnlySpan{byte}, string)"/>.
    /// </summary>
    public static FatVolume Open(FloppyImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string name = image.Path ?? "(memory)";
        var p = FatParameters.Read(image.Data, image.Geometry, name);
        return new FatVolume(image.Data.ToArray(), image.Geometry, p, image, name);
    }

    private static byte[] BuildImage(FloppyGeometry geometry, FatParameters p, FatFormatOptions options)
    {
        if (options.Label is { } label && FatName.LabelProblem(label) is { } labelProblem)
            throw new ArgumentException(labelProblem, nameof(options));
        if (options.OemName.Length != 8 || options.OemName.Any(c => c is < ' ' or > '~'))
            throw new ArgumentException($"the OEM name '{options.OemName}' must be 8 printable ASCII characters", nameof(options));

        var data = new byte[geometry.TotalBytes];
        DateTime when = options.Timestamp ?? DateTime.Now;
        (ushort date, ushort time) = FatTimestamp.Encode(when);
        uint volumeId = options.VolumeId ?? ((uint)date << 16 | time) ^ (uint)(when.Millisecond * 0x10001);

        Span<byte> boot = data.AsSpan(0, p.BytesPerSector);
        boot[0] = 0xEB; // jmp short to the program
        boot[1] = FatBootProgram.Offset - 2;
        boot[2] = 0x90; // nop
        Encoding.ASCII.GetBytes(options.OemName, boot[3..11]);
        p.Write(boot);
        boot[0x24] = 0x00; // drive number: first floppy
        boot[0x26] = 0x29; // extended boot signature: ID, label and type follow
        BinaryPrimitives.WriteUInt32LittleEndian(boot[0x27..], volumeId);
        (options.Label is null ? "NO NAME    "u8.ToArray() : FatName.EncodeLabel(options.Label)).CopyTo(boot[0x2B..]);
        "FAT12   "u8.CopyTo(boot[0x36..]);
        FatBootProgram.Bytes().CopyTo(boot[FatBootProgram.Offset..]);
        boot[0x1FE] = 0x55;
        boot[0x1FF] = 0xAA;

        for (int f = 0; f < p.FatCount; f++)
        {
            int fat = (p.FirstFatSector + f * p.SectorsPerFat) * p.BytesPerSector;
            data[fat] = p.MediaDescriptor;
            data[fat + 1] = 0xFF;
            data[fat + 2] = 0xFF;
        }

        if (options.Label is not null)
        {
            Span<byte> entry = data.AsSpan(p.RootDirectorySector * p.BytesPerSector, FatParameters.EntrySize);
            FatName.EncodeLabel(options.Label).CopyTo(entry);
            entry[0x0B] = (byte)FatAttributes.VolumeLabel;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x16..], time);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x18..], date);
        }
        return data;
    }

    // ---------------------------------------------------------------- reading

    /// <summary>
    /// The files and subdirectories in the directory <paramref name="path"/>, in directory order, without
    /// the "." and ".." links, the volume label, deleted and long-name entries.
    /// </summary>
    public IReadOnlyList<FatDirectoryEntry> List(string path = "")
    {
        Dir dir = ResolveDirectory(path);
        var entries = new List<FatDirectoryEntry>();
        foreach (int slot in Slots(dir))
        {
            byte first = _data[slot];
            if (first == 0) break;
            if (first == DeletedMark || first == (byte)'.') continue;
            var attributes = (FatAttributes)_data[slot + 0x0B];
            if ((attributes & FatAttributes.VolumeLabel) != 0) continue; // the label, or a long-name entry
            entries.Add(ReadEntry(slot));
        }
        return entries;
    }

    /// <summary>The entry <paramref name="path"/> names, or null when there is none (the root has no entry: null too).</summary>
    public FatDirectoryEntry? Find(string path)
    {
        (Dir parent, string? name) = ResolveParent(path, out _);
        return name is null ? null : FindIn(parent, name);
    }

    /// <summary>Whether <paramref name="path"/> names a directory (the root included).</summary>
    public bool IsDirectory(string path)
    {
        (_, string? name) = ResolveParent(path, out _);
        return name is null || Find(path) is { IsDirectory: true };
    }

    /// <summary>The contents of the file <paramref name="path"/>.</summary>
    public byte[] ReadFile(string path)
    {
        FatDirectoryEntry entry = RequireFile(path, "read");
        List<int> chain = Chain(entry.FirstCluster, entry.Size, path);
        var content = new byte[entry.Size];
        int done = 0;
        foreach (int cluster in chain)
        {
            int n = (int)Math.Min(ClusterSize, entry.Size - done);
            _data.AsSpan(ClusterOffset(cluster), n).CopyTo(content.AsSpan(done));
            done += n;
        }
        return content;
    }

    // ---------------------------------------------------------------- changing

    /// <summary>
    /// Writes the file <paramref name="path"/> with <paramref name="content"/>, replacing a file of that
    /// name (not a read-only one, not a directory). <paramref name="modified"/> is the time stored in the
    /// entry (default: now, local time); the attributes are <see cref="FatAttributes.Archive"/> unless given.
    /// </summary>
    public FatDirectoryEntry WriteFile(string path, ReadOnlySpan<byte> content, DateTime? modified = null, FatAttributes attributes = FatAttributes.Archive)
    {
        if ((attributes & (FatAttributes.Directory | FatAttributes.VolumeLabel)) != 0)
            throw new ArgumentException("a file's attributes cannot include Directory or VolumeLabel", nameof(attributes));
        RequireWritable();
        (Dir parent, string? name) = ResolveParent(path, out string shown);
        if (name is null) throw Error(FatError.WrongKind, $"'{shown}' is the root directory; give a file name");
        FatDirectoryEntry? existing = FindIn(parent, name);
        if (existing is not null)
        {
            if (existing.IsDirectory) throw Error(FatError.WrongKind, $"'{shown}' is a directory, not a file");
            if ((existing.Attributes & FatAttributes.ReadOnly) != 0) throw Error(FatError.ReadOnly, $"'{shown}' is read-only; it cannot be replaced");
        }

        int needed = ClustersFor(content.Length);
        int slot = existing?.EntryOffset ?? -1;
        bool growDirectory = false;
        if (slot < 0)
        {
            slot = FreeSlot(parent);
            if (slot < 0)
            {
                if (parent.IsRoot) throw RootFull(shown);
                growDirectory = true;
            }
        }
        int reclaimed = existing is null ? 0 : ChainLength(existing.FirstCluster);
        int available = FreeClusters + reclaimed;
        int wanted = needed + (growDirectory ? 1 : 0);
        if (wanted > available)
            throw Error(FatError.DiskFull,
                $"disk full: '{shown}' needs {(long)wanted * ClusterSize} bytes ({wanted} clusters of {ClusterSize} bytes{(growDirectory ? ", one of them for its directory" : "")}), " +
                $"but only {(long)available * ClusterSize} bytes are free{(reclaimed > 0 ? " (counting the file it replaces)" : "")}");

        byte[] copy = content.ToArray();
        DateTime when = modified ?? DateTime.Now;
        return Change(() =>
        {
            if (existing is not null) FreeChain(existing.FirstCluster);
            if (growDirectory) slot = GrowDirectory(parent);
            int first = Allocate(needed);
            int done = 0;
            foreach (int cluster in ChainClusters(first))
            {
                Span<byte> target = Modify(ClusterOffset(cluster), ClusterSize, SectorKind.Data);
                int n = Math.Min(ClusterSize, copy.Length - done);
                copy.AsSpan(done, n).CopyTo(target);
                target[n..].Clear();
                done += n;
            }
            WriteEntry(slot, FatName.Encode(name), attributes, first, copy.Length, when);
            return ReadEntry(slot);
        });
    }

    /// <summary>Deletes the file <paramref name="path"/> (not a directory, not a read-only file) and frees its clusters.</summary>
    public void DeleteFile(string path)
    {
        RequireWritable();
        FatDirectoryEntry entry = RequireFile(path, "delete");
        if ((entry.Attributes & FatAttributes.ReadOnly) != 0)
            throw Error(FatError.ReadOnly, $"'{Shown(path)}' is read-only; it cannot be deleted");
        (Dir parent, _) = ResolveParent(path, out _);
        Change(() =>
        {
            FreeChain(entry.FirstCluster);
            RemoveEntry(parent, entry.EntryOffset);
            return 0;
        });
    }

    /// <summary>Makes the directory <paramref name="path"/> (one cluster, with its "." and ".." links).</summary>
    public FatDirectoryEntry CreateDirectory(string path, DateTime? modified = null)
    {
        RequireWritable();
        (Dir parent, string? name) = ResolveParent(path, out string shown);
        if (name is null) throw Error(FatError.AlreadyExists, "the root directory exists already");
        if (FindIn(parent, name) is { } existing)
            throw Error(FatError.AlreadyExists, $"'{shown}' exists already (as a {(existing.IsDirectory ? "directory" : "file")})");
        int slot = FreeSlot(parent);
        if (slot < 0 && parent.IsRoot) throw RootFull(shown);
        int wanted = slot < 0 ? 2 : 1;
        if (FreeClusters < wanted)
            throw Error(FatError.DiskFull, $"disk full: the directory '{shown}' needs {(long)wanted * ClusterSize} bytes, but only {FreeBytes} bytes are free");

        DateTime when = modified ?? DateTime.Now;
        return Change(() =>
        {
            if (slot < 0) slot = GrowDirectory(parent);
            int cluster = Allocate(1);
            int offset = ClusterOffset(cluster);
            Modify(offset, ClusterSize, SectorKind.Directory).Clear();
            WriteEntry(offset, ".          "u8.ToArray(), FatAttributes.Directory, cluster, 0, when);
            WriteEntry(offset + FatParameters.EntrySize, "..         "u8.ToArray(), FatAttributes.Directory, parent.FirstCluster, 0, when);
            WriteEntry(slot, FatName.Encode(name), FatAttributes.Directory, cluster, 0, when);
            return ReadEntry(slot);
        });
    }

    /// <summary>Removes the empty directory <paramref name="path"/>.</summary>
    public void RemoveDirectory(string path)
    {
        RequireWritable();
        (Dir parent, string? name) = ResolveParent(path, out string shown);
        if (name is null) throw Error(FatError.WrongKind, "the root directory cannot be removed");
        FatDirectoryEntry entry = FindIn(parent, name) ?? throw NotFound(shown);
        if (!entry.IsDirectory) throw Error(FatError.WrongKind, $"'{shown}' is a file, not a directory");
        int count = List(path).Count;
        if (count > 0) throw Error(FatError.DirectoryNotEmpty, $"the directory '{shown}' is not empty ({count} entries)");
        Change(() =>
        {
            FreeChain(entry.FirstCluster);
            RemoveEntry(parent, entry.EntryOffset);
            return 0;
        });
    }

    // ---------------------------------------------------------------- paths and directories

    private readonly record struct Dir(int FirstCluster)
    {
        public bool IsRoot => FirstCluster == 0;
    }

    private static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Shown(string path) => "\\" + string.Join('\\', Split(path)).ToUpperInvariant();

    /// <summary>The directory holding the last name of <paramref name="path"/>, and that name (null for the root).</summary>
    private (Dir Parent, string? Name) ResolveParent(string path, out string shown)
    {
        string[] parts = Split(path);
        shown = Shown(path);
        foreach (string part in parts)
        {
            if (FatName.Problem(part) is { } problem)
                throw Error(FatError.InvalidName, $"'{shown}' is not a DOS path: {problem}");
        }
        if (parts.Length == 0) return (Root, null);
        Dir dir = Root;
        string walked = "";
        for (int i = 0; i < parts.Length - 1; i++)
        {
            walked += "\\" + FatName.Normalize(parts[i]);
            FatDirectoryEntry entry = FindIn(dir, parts[i]) ?? throw NotFound(walked);
            if (!entry.IsDirectory) throw Error(FatError.WrongKind, $"'{walked}' is a file, not a directory (in '{shown}')");
            dir = new Dir(entry.FirstCluster);
        }
        return (dir, parts[^1]);
    }

    private Dir ResolveDirectory(string path)
    {
        (Dir parent, string? name) = ResolveParent(path, out string shown);
        if (name is null) return parent;
        FatDirectoryEntry entry = FindIn(parent, name) ?? throw NotFound(shown);
        if (!entry.IsDirectory) throw Error(FatError.WrongKind, $"'{shown}' is a file, not a directory");
        return new Dir(entry.FirstCluster);
    }

    private FatDirectoryEntry RequireFile(string path, string verb)
    {
        (Dir parent, string? name) = ResolveParent(path, out string shown);
        if (name is null) throw Error(FatError.WrongKind, $"cannot {verb} the root directory: it is not a file");
        FatDirectoryEntry entry = FindIn(parent, name) ?? throw NotFound(shown);
        if (entry.IsDirectory) throw Error(FatError.WrongKind, $"cannot {verb} '{shown}': it is a directory, not a file");
        return entry;
    }

    private FatDirectoryEntry? FindIn(Dir dir, string name)
    {
        byte[] raw = FatName.Encode(name);
        foreach (int slot in Slots(dir))
        {
            byte first = _data[slot];
            if (first == 0) break;
            if (first == DeletedMark) continue;
            if ((((FatAttributes)_data[slot + 0x0B]) & FatAttributes.VolumeLabel) != 0) continue;
            Span<byte> stored = _data.AsSpan(slot, 11);
            bool same = stored[1..].SequenceEqual(raw.AsSpan(1)) && (stored[0] == raw[0] || (stored[0] == 0x05 && raw[0] == DeletedMark));
            if (same) return ReadEntry(slot);
        }
        return null;
    }

    /// <summary>The byte offsets of every entry slot of a directory, in order.</summary>
    private List<int> Slots(Dir dir)
    {
        var slots = new List<int>();
        if (dir.IsRoot)
        {
            int start = Parameters.RootDirectorySector * Parameters.BytesPerSector;
            for (int i = 0; i < Parameters.RootEntries; i++) slots.Add(start + i * FatParameters.EntrySize);
            return slots;
        }
        List<int> chain = ChainClusters(dir.FirstCluster, out int loopsTo);
        if (loopsTo != 0)
            throw Error(FatError.Damaged, $"is damaged: the cluster chain of the directory at cluster {dir.FirstCluster:X3}h loops back to cluster {loopsTo:X3}h");
        if (chain.Count == 0)
            throw Error(FatError.Damaged, $"is damaged: a directory starts at cluster {dir.FirstCluster:X3}h, which is no data cluster (valid: 002h to {MaxCluster:X3}h)");
        foreach (int cluster in chain)
        {
            int start = ClusterOffset(cluster);
            for (int i = 0; i < ClusterSize / FatParameters.EntrySize; i++) slots.Add(start + i * FatParameters.EntrySize);
        }
        return slots;
    }

    /// <summary>The first free slot (deleted or never used), or -1.</summary>
    private int FreeSlot(Dir dir)
    {
        foreach (int slot in Slots(dir))
            if (_data[slot] is 0 or DeletedMark) return slot;
        return -1;
    }

    /// <summary>Adds a zeroed cluster to a subdirectory; returns its first slot.</summary>
    private int GrowDirectory(Dir dir)
    {
        int last = ChainClusters(dir.FirstCluster)[^1];
        int added = Allocate(1);
        SetFat(last, added);
        int offset = ClusterOffset(added);
        Modify(offset, ClusterSize, SectorKind.Directory).Clear();
        return offset;
    }

    private FatDirectoryEntry ReadEntry(int slot)
    {
        ReadOnlySpan<byte> e = _data.AsSpan(slot, FatParameters.EntrySize);
        var attributes = (FatAttributes)e[0x0B];
        DateTime? modified = FatTimestamp.Decode(BinaryPrimitives.ReadUInt16LittleEndian(e[0x18..]), BinaryPrimitives.ReadUInt16LittleEndian(e[0x16..]));
        return new FatDirectoryEntry(FatName.Decode(e), attributes, BinaryPrimitives.ReadUInt32LittleEndian(e[0x1C..]),
            BinaryPrimitives.ReadUInt16LittleEndian(e[0x1A..]), modified) { EntryOffset = slot };
    }

    private void WriteEntry(int slot, byte[] rawName, FatAttributes attributes, int firstCluster, long size, DateTime when)
    {
        Span<byte> e = Modify(slot, FatParameters.EntrySize, SectorKind.Directory);
        e.Clear();
        rawName.CopyTo(e);
        if (e[0] == DeletedMark) e[0] = 0x05; // a name starting with E5h is stored as 05h
        e[0x0B] = (byte)attributes;
        (ushort date, ushort time) = FatTimestamp.Encode(when);
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x0E..], time);  // created
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x10..], date);
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x12..], date);  // last access
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x16..], time);  // last write
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x18..], date);
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x1A..], (ushort)firstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x1C..], (uint)size);
    }

    /// <summary>Marks an entry deleted, with the long-name entries just before it that belong to it.</summary>
    private void RemoveEntry(Dir dir, int slot)
    {
        List<int> slots = Slots(dir);
        int index = slots.IndexOf(slot);
        Modify(slot, 1, SectorKind.Directory)[0] = DeletedMark;
        for (int i = index - 1; i >= 0; i--)
        {
            int s = slots[i];
            if (_data[s] == DeletedMark || (FatAttributes)_data[s + 0x0B] != FatAttributes.LongName) break;
            Modify(s, 1, SectorKind.Directory)[0] = DeletedMark;
        }
    }

    // ---------------------------------------------------------------- clusters and the FAT

    private int ClusterOffset(int cluster) =>
        (Parameters.FirstDataSector + (cluster - 2) * Parameters.SectorsPerCluster) * Parameters.BytesPerSector;

    private int ClustersFor(long bytes) => (int)((bytes + ClusterSize - 1) / ClusterSize);

    private int GetFat(int cluster)
    {
        int offset = Parameters.FirstFatSector * Parameters.BytesPerSector + cluster + cluster / 2;
        int pair = _data[offset] | _data[offset + 1] << 8;
        return (cluster & 1) == 0 ? pair & 0xFFF : pair >> 4;
    }

    private void SetFat(int cluster, int value)
    {
        for (int f = 0; f < Parameters.FatCount; f++)
        {
            int offset = (Parameters.FirstFatSector + f * Parameters.SectorsPerFat) * Parameters.BytesPerSector + cluster + cluster / 2;
            Span<byte> pair = Modify(offset, 2, SectorKind.Fat);
            if ((cluster & 1) == 0)
            {
                pair[0] = (byte)value;
                pair[1] = (byte)((pair[1] & 0xF0) | (value >> 8 & 0x0F));
            }
            else
            {
                pair[0] = (byte)((pair[0] & 0x0F) | (value << 4 & 0xF0));
                pair[1] = (byte)(value >> 4);
            }
        }
    }

    /// <summary>
    /// The clusters of a chain from <paramref name="first"/> (none for 0), each once: it stops at the end
    /// mark, a bad link, or a link back to a cluster already in it (<paramref name="loopsTo"/> names that
    /// cluster, else 0).
    /// </summary>
    private List<int> ChainClusters(int first, out int loopsTo)
    {
        var clusters = new List<int>();
        var seen = new bool[MaxCluster + 1];
        int cluster = first;
        loopsTo = 0;
        while (cluster >= 2 && cluster <= MaxCluster)
        {
            if (seen[cluster])
            {
                loopsTo = cluster;
                break;
            }
            seen[cluster] = true;
            clusters.Add(cluster);
            cluster = GetFat(cluster);
        }
        return clusters;
    }

    private List<int> ChainClusters(int first) => ChainClusters(first, out _);

    private int ChainLength(int first) => ChainClusters(first).Count;

    /// <summary>The clusters holding <paramref name="size"/> bytes from <paramref name="first"/>; throws <see cref="FatError.Damaged"/> on a broken or looping chain.</summary>
    private List<int> Chain(int first, long size, string path)
    {
        if (size > TotalBytes)
            throw Error(FatError.Damaged, $"'{Shown(path)}' is damaged: its size of {size} bytes is more than the whole volume holds ({TotalBytes} bytes)");
        int needed = ClustersFor(size);
        List<int> clusters = ChainClusters(first, out int loopsTo);
        if (clusters.Count >= needed)
        {
            clusters.RemoveRange(needed, clusters.Count - needed);
            return clusters;
        }
        if (loopsTo != 0)
            throw Error(FatError.Damaged, $"'{Shown(path)}' is damaged: its cluster chain loops back to cluster {loopsTo:X3}h after {clusters.Count} of the {needed} clusters its size of {size} bytes needs");
        int next = clusters.Count == 0 ? first : GetFat(clusters[^1]);
        throw Error(FatError.Damaged, $"'{Shown(path)}' is damaged: its cluster chain {(next >= FirstBadOrEnd ? "ends" : $"points at cluster {next:X3}h")} after {clusters.Count} of the {needed} clusters its size of {size} bytes needs");
    }

    /// <summary>Chains <paramref name="count"/> free clusters, lowest first; returns the first (0 for none). Space was checked.</summary>
    private int Allocate(int count)
    {
        int first = 0, previous = 0;
        for (int c = 2; c <= MaxCluster && count > 0; c++)
        {
            if (GetFat(c) != 0) continue;
            if (previous == 0) first = c;
            else SetFat(previous, c);
            SetFat(c, EndOfChain);
            previous = c;
            count--;
        }
        if (count > 0) throw new InvalidOperationException("allocation ran out of clusters after the free space was checked");
        return first;
    }

    private void FreeChain(int first)
    {
        foreach (int cluster in ChainClusters(first)) SetFat(cluster, 0);
    }

    // ---------------------------------------------------------------- changes and write-back

    private void RequireWritable()
    {
        if (_image is { WriteProtected: true })
            throw Error(FatError.ReadOnly, "is write-protected (or opened read-only); nothing can be changed");
    }

    /// <summary>The bytes at <paramref name="offset"/>, to be changed; the sectors they cover are saved first.</summary>
    private Span<byte> Modify(int offset, int length, SectorKind kind)
    {
        int size = Parameters.BytesPerSector;
        for (int s = offset / size; s <= (offset + length - 1) / size; s++)
        {
            if (_changed.TryGetValue(s, out var known))
            {
                if (kind > known.Kind) _changed[s] = (known.Original, kind);
                continue;
            }
            _changed[s] = (_data.AsSpan(s * size, size).ToArray(), s < Parameters.FirstFatSector ? SectorKind.Boot : kind);
        }
        return _data.AsSpan(offset, length);
    }

    private T Change<T>(Func<T> change)
    {
        _changed.Clear();
        T result;
        try
        {
            result = change();
        }
        catch
        {
            Undo([]);
            throw;
        }
        WriteBack();
        return result;
    }

    private void Undo(List<int> written)
    {
        foreach ((int sector, var saved) in _changed)
            saved.Original.CopyTo(_data.AsSpan(sector * Parameters.BytesPerSector));
        bool restored = true;
        foreach (int sector in written)
            restored &= _image!.WriteSector(sector, _data.AsSpan(sector * Parameters.BytesPerSector, Parameters.BytesPerSector));
        _changed.Clear();
        if (written.Count > 0 && !restored)
            throw Error(FatError.WriteFailed, "could not be restored after a failed write; check it (e.g. with fsck.fat -n)");
    }

    private void WriteBack()
    {
        if (_image is null)
        {
            _changed.Clear();
            return;
        }
        var order = _changed.OrderBy(c => c.Value.Kind).ThenBy(c => c.Key).Select(c => c.Key).ToList();
        var written = new List<int>();
        int size = Parameters.BytesPerSector;
        foreach (int sector in order)
        {
            if (!_image.WriteSector(sector, _data.AsSpan(sector * size, size)))
            {
                IOException? cause = _image.WriteError;
                string why = $"could not be written at sector {sector}: {cause?.Message ?? "the image refused the write"}";
                try
                {
                    Undo(written);
                }
                catch (FatException)
                {
                    throw Error(FatError.WriteFailed, $"{why}; the sectors already written could not be restored, so the volume may be inconsistent", cause);
                }
                throw Error(FatError.WriteFailed, $"{why}; the change was undone", cause);
            }
            written.Add(sector);
        }
        _changed.Clear();
    }

    private FatException Error(FatError error, string message, Exception? inner = null) => new(ImageName, error, message, inner);

    private FatException NotFound(string shown) => Error(FatError.NotFound, $"'{shown}' not found");

    private FatException RootFull(string shown) =>
        Error(FatError.RootDirectoryFull, $"cannot add '{shown}': the root directory is full ({Parameters.RootEntries} entries); put it in a subdirectory");
}
