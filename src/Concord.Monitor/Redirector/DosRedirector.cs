using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.HostFolders;

namespace Concord.Monitor.Redirector;

/// <summary>
/// A DOS network redirector served by the monitor for one VM: its DOS calls INT 2Fh AH=11h for a
/// drive whose CDS entry says "network", the vCPU exits on that INT (the vector is watched), and
/// <see cref="Handle"/> answers it from a <see cref="HostFolder"/>, reading the call's arguments
/// from DOS's own structures (SDA, SFT, CDS) as DOS's redirector interface defines them, and
/// returns to the caller after its INT with the result in registers and CF. Calls for other
/// drives, and the interface's calls it does not serve, go on to the VM's own INT 2Fh chain.
/// </summary>
/// <remarks>
/// <para>Drives are added with <see cref="Mount"/> before <see cref="Install"/>, which writes their CDS
/// entries (flags network and physical, path <c>X:\</c>, root length 2) once the DOS's facts are known
/// (<see cref="DosFacts"/>: asked of the DOS at a safe point). A drive beyond the DOS's LASTDRIVE
/// or already a local drive is not installed; <see cref="Installed"/> says which were and why not.</para>
/// <para>Every subfunction DOS 3.1 to 7 and FreeDOS call for a drive is served: 01h rmdir, 03h mkdir,
/// 05h chdir, 06h close, 07h commit, 08h read, 09h write, 0Ah/0Bh lock and unlock (accepted, not
/// kept), 0Ch free space, 0Eh/0Fh set/get attributes, 11h rename, 13h delete, 16h open, 17h create,
/// 1Bh/1Ch find first/next, 21h seek from the end, 2Dh (MS-DOS 4's query, answered as MSCDEX does),
/// 2Eh extended open/create; 00h answers "installed". A file's id and a check tag live in its SFT
/// (the start and relative cluster fields, the redirector's own); a search's position in its
/// search block. Errors are DOS error codes in AX with CF set, never exceptions.</para>
/// </remarks>
public sealed class DosRedirector : IDisposable
{
    /// <summary>The multiplex interrupt DOS calls its redirector on.</summary>
    public const byte Vector = 0x2F;
    private const byte RedirectorFunction = 0x11;
    private const int CarryFlag = 0x0001;

    private readonly MemoryMap _map;
    private readonly HostFolder?[] _drives = new HostFolder?[26];
    private readonly Dictionary<int, string> _refused = [];
    private readonly byte[] _buffer = new byte[0x10000];
    private DosLayout? _layout;
    private DosFacts? _facts;

    public DosRedirector(MemoryMap memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _map = memory;
    }

    /// <summary>The DOS's facts once installed, else null.</summary>
    public DosFacts? Facts => _facts;

    /// <summary>Calls answered (for the trace and benchmarks).</summary>
    public long Calls { get; private set; }

    /// <summary>Serves <paramref name="folder"/> as drive <paramref name="letter"/> (A-Z) once installed.</summary>
    public void Mount(char letter, HostFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        int drive = char.ToUpperInvariant(letter) - 'A';
        if (drive is < 0 or > 25) throw new ArgumentOutOfRangeException(nameof(letter), letter, "a drive letter is A to Z");
        if (_drives[drive] is not null) throw new ArgumentException($"drive {letter}: is mounted already", nameof(letter));
        _drives[drive] = folder;
    }

    /// <summary>The folder served as <paramref name="letter"/>, or null.</summary>
    public HostFolder? Folder(char letter) => char.ToUpperInvariant(letter) - 'A' is >= 0 and <= 25 and int d ? _drives[d] : null;

    /// <summary>The mounted letters and, for each, null when its CDS entry is installed or the reason it is not.</summary>
    public IReadOnlyList<(char Letter, string? Problem)> Installed =>
        Enumerable.Range(0, 26).Where(d => _drives[d] is not null)
            .Select(d => ((char)('A' + d), _facts is null ? "not installed yet" : _refused.GetValueOrDefault(d))).ToList();

    /// <summary>
    /// Installs the mounted drives in the DOS's CDS, once its facts are known. Returns a problem
    /// for the whole DOS (no redirector interface, no CDS), or null; a drive that cannot be
    /// installed is listed in <see cref="Installed"/> with its reason.
    /// </summary>
    public string? Install(DosFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (DosLayout.For(facts.Major, facts.Minor) is not { } layout)
            return $"DOS {facts.Major}.{facts.Minor:D2} has no network redirector interface (DOS 3.10 or later has)";
        var memory = new GuestMemory(_map);
        uint cds = memory.FarPointer(facts.ListOfLists + DosLayout.LolCds);
        int lastDrive = memory.Byte(facts.ListOfLists + DosLayout.LolLastDrive);
        if (memory.Dword(facts.ListOfLists + DosLayout.LolCds) is 0 or 0xFFFFFFFF)
            return $"{facts}: the List of Lists has no current directory structure";
        _layout = layout;
        _facts = facts;
        _refused.Clear();
        Span<byte> path = stackalloc byte[DosLayout.CdsPathBytes];
        for (int d = 0; d < 26; d++)
        {
            if (_drives[d] is null) continue;
            char letter = (char)('A' + d);
            if (d >= lastDrive)
            {
                _refused[d] = $"{letter}: is beyond the DOS's last drive {(char)('A' + lastDrive - 1)}: (LASTDRIVE in CONFIG.SYS)";
                continue;
            }
            uint entry = cds + (uint)(d * layout.CdsBytes);
            ushort flags = memory.Word(entry + DosLayout.CdsFlags);
            if ((flags & DosLayout.CdsPhysical) != 0 && (flags & DosLayout.CdsNetwork) == 0)
            {
                _refused[d] = $"{letter}: is a drive of the DOS's own";
                continue;
            }
            path.Clear();
            path[0] = (byte)letter;
            path[1] = (byte)':';
            path[2] = (byte)'\\';
            memory.Write(entry + DosLayout.CdsPath, path);
            memory.SetWord(entry + DosLayout.CdsFlags, DosLayout.CdsNetwork | DosLayout.CdsPhysical);
            memory.SetDword(entry + DosLayout.CdsDpb, 0);
            for (uint i = DosLayout.CdsDpb + 4; i < DosLayout.CdsRootLength; i++) memory.SetByte(entry + i, 0);
            memory.SetWord(entry + DosLayout.CdsRootLength, 2);
            for (uint i = DosLayout.CdsRootLength + 2; i < layout.CdsBytes; i++) memory.SetByte(entry + i, 0);
        }
        return null;
    }

    /// <summary>
    /// Serves the INT 2Fh the vCPU exited on (IP after the INT), or returns false when it is not a
    /// redirector call for a mounted drive: the caller then lets it go on through the IVT.
    /// </summary>
    public bool Handle(IVcpu cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        CpuState s = cpu.GetState();
        if (s.AX >> 8 != RedirectorFunction || _layout is null || _facts is null) return false;
        var call = new Call(this, new GuestMemory(_map), s);
        if (!call.Serve()) return false;
        Calls++;
        cpu.SetState(call.State);
        return true;
    }

    /// <summary>Closes every host file (changes DOS never committed are dropped) and the folders.</summary>
    public void Dispose()
    {
        foreach (HostFolder? folder in _drives) folder?.Dispose();
    }

    /// <summary>One INT 2Fh AH=11h call: its registers, DOS's structures, and the answer.</summary>
    private ref struct Call
    {
        private readonly DosRedirector _r;
        private readonly GuestMemory _m;
        private readonly DosLayout _layout;
        private readonly uint _sda;
        public CpuState State;

        public Call(DosRedirector redirector, GuestMemory memory, CpuState state)
        {
            _r = redirector;
            _m = memory;
            _layout = redirector._layout!;
            _sda = redirector._facts!.SwappableDataArea;
            State = state;
        }

        private readonly byte Subfunction => (byte)State.AX;
        private readonly uint EsDi => GuestMemory.Linear(State.ES, State.DI);

        /// <summary>The word the caller pushed before its INT (open mode, attributes): at SS:SP, the INT having pushed nothing yet.</summary>
        private readonly ushort StackWord => _m.Word(GuestMemory.Linear(State.SS, State.SP));

        public bool Serve()
        {
            byte sub = Subfunction;
            switch (sub)
            {
                case 0x00:
                    State.AX = (ushort)(State.AX | 0xFF); // installed
                    return true;
                case 0x0C: return FreeSpace();
                case 0x1C: return FindNext();
                case 0x01 or 0x03 or 0x05 or 0x0E or 0x0F or 0x11 or 0x13 or 0x16 or 0x17 or 0x1B or 0x2E:
                {
                    // About the name in the SDA's first filename buffer ("X:\PATH"): served when X: is mounted.
                    string name = FirstName;
                    if (name.Length < 2 || name[1] != ':' || Drive(name[0]) is not { } folder) return false;
                    string path = name[2..];
                    return Finish(sub switch
                    {
                        0x01 => RemoveDirectory(folder, path),
                        0x03 => folder.MakeDirectory(path),
                        0x05 => folder.ChangeDirectory(path),
                        0x0E => folder.SetAttributes(path, (FatAttributes)(byte)StackWord),
                        0x0F => GetAttributes(folder, path),
                        0x11 => Rename(folder, path),
                        0x13 => folder.Delete(path),
                        0x16 => Open(folder, path),
                        0x17 => Create(folder, path),
                        0x1B => FindFirst(folder, path),
                        _ => ExtendedOpen(folder, path),
                    });
                }
                case 0x06 or 0x07 or 0x08 or 0x09 or 0x0A or 0x0B or 0x21 or 0x2D:
                {
                    // About the open file whose SFT ES:DI points to: served when it is a remote file of a mounted drive.
                    uint sft = EsDi;
                    ushort info = _m.Word(sft + DosLayout.SftDeviceInfo);
                    if ((info & DosLayout.SftRemote) == 0 || (info & 0x3F) > 25 || _r._drives[info & 0x3F] is not { } folder) return false;
                    if (folder.Handle(_m.Word(sft + DosLayout.SftFileId), _m.Word(sft + DosLayout.SftTag)) is not { } handle)
                        return Finish(DosError.InvalidHandle);
                    return Finish(sub switch
                    {
                        0x06 => Close(folder, handle, sft),
                        0x07 => folder.Commit(handle),
                        0x08 => Read(folder, handle, sft),
                        0x09 => Write(folder, handle, sft),
                        0x0A or 0x0B => DosError.None, // record locks: accepted, not kept (no SHARE)
                        0x21 => SeekFromEnd(handle, sft),
                        _ => Answer(2), // 2Dh, MS-DOS 4's: answered as MSCDEX does
                    });
                }
                default:
                    return false;
            }
        }

        // ---- which drive ----

        private readonly HostFolder? Drive(char letter) => char.ToUpperInvariant(letter) - 'A' is >= 0 and <= 25 and int d ? _r._drives[d] : null;

        private readonly string FirstName => _m.AsciiZ(_sda + (uint)_layout.SdaFirstName, 128);
        private readonly string SecondName => _m.AsciiZ(_sda + (uint)_layout.SdaSecondName, 128);

        /// <summary>CF and AX as the result says; other registers as the call set them.</summary>
        private bool Finish(DosError error)
        {
            if (error == DosError.None) State.Flags &= unchecked((ushort)~CarryFlag);
            else
            {
                State.Flags |= CarryFlag;
                State.AX = (ushort)error;
            }
            return true;
        }

        private DosError Answer(ushort ax)
        {
            State.AX = ax;
            return DosError.None;
        }

        // ---- directories and names ----

        /// <summary>RMDIR: refused (error 10h) when the directory is the current directory of the drive.</summary>
        private readonly DosError RemoveDirectory(HostFolder folder, string path)
        {
            string full = FirstName;
            if (_r._facts is { } facts)
            {
                uint cds = _m.FarPointer(facts.ListOfLists + DosLayout.LolCds) + (uint)((char.ToUpperInvariant(full[0]) - 'A') * _layout.CdsBytes);
                if (string.Equals(_m.AsciiZ(cds + DosLayout.CdsPath, DosLayout.CdsPathBytes), full, StringComparison.OrdinalIgnoreCase))
                    return DosError.CurrentDirectory;
            }
            return folder.RemoveDirectory(path);
        }

        /// <summary>Get attributes: AX attributes, BX:DI size, CX time, DX date.</summary>
        private DosError GetAttributes(HostFolder folder, string path)
        {
            if (folder.GetEntry(path, out HostEntry? entry) is not DosError.None and var error) return error;
            (ushort date, ushort time) = FatTimestamp.Encode(entry!.LastWrite);
            State.AX = (byte)entry.Attributes;
            State.BX = (ushort)(entry.Size >> 16);
            State.DI = (ushort)entry.Size;
            State.CX = time;
            State.DX = date;
            return DosError.None;
        }

        private readonly DosError Rename(HostFolder folder, string path)
        {
            string to = SecondName;
            if (to.Length < 2 || to[1] != ':' || char.ToUpperInvariant(to[0]) != char.ToUpperInvariant(FirstName[0])) return DosError.NotSameDevice;
            return folder.Rename(path, to[2..]);
        }

        /// <summary>Free space (110Ch): ES:DI is the drive's CDS, whose path starts with its letter. AL sectors per cluster (AH media ID: none), BX clusters, CX bytes per sector, DX free clusters.</summary>
        private bool FreeSpace()
        {
            uint cds = EsDi;
            char letter = (char)_m.Byte(cds + DosLayout.CdsPath);
            if (_m.Byte(cds + DosLayout.CdsPath + 1) != ':' || Drive(letter) is not { } folder) return false;
            DiskSpace space = folder.Space();
            State.AX = space.SectorsPerCluster;
            State.BX = space.TotalClusters;
            State.CX = space.BytesPerSector;
            State.DX = space.FreeClusters;
            return Finish(DosError.None);
        }

        // ---- searches ----

        /// <summary>Find first: the pattern in the first filename, the attributes in the SDA; the search block goes to the DTA, the entry after the SDA's search block.</summary>
        private DosError FindFirst(HostFolder folder, string path)
        {
            var search = (FatAttributes)_m.Byte(_sda + (uint)_layout.SdaSearchAttribute);
            if (folder.FindFirst(path, search, out FoundEntry found) is not DosError.None and var error) return error;
            byte[] template = DosName.ParsePattern(path[(path.LastIndexOf('\\') + 1)..])!;
            int drive = char.ToUpperInvariant(FirstName[0]) - 'A';
            WriteFound(drive, template, search, found);
            return DosError.None;
        }

        /// <summary>Find next: everything comes from the search block at the DTA (a remote drive's, bit 7 of its drive byte set).</summary>
        private bool FindNext()
        {
            uint block = Dta;
            byte drive = _m.Byte(block);
            if ((drive & 0x80) == 0 || (drive & 0x1F) > 25 || _r._drives[drive & 0x1F] is not { } folder) return false;
            Span<byte> sdb = stackalloc byte[DosLayout.SearchBlockBytes];
            _m.Read(block, sdb);
            byte[] template = sdb.Slice(1, 11).ToArray();
            var search = (FatAttributes)sdb[12];
            var position = new FindPosition((ushort)(sdb[15] | sdb[16] << 8), (ushort)(sdb[13] | sdb[14] << 8),
                (uint)(sdb[17] | sdb[18] << 8 | sdb[19] << 16 | sdb[20] << 24));
            if (position.Search == ushort.MaxValue) return Finish(DosError.NoMoreFiles);
            if (folder.FindNext(position, template, search, out FoundEntry found) is not DosError.None and var error) return Finish(error);
            WriteFound(drive & 0x1F, template, search, found);
            return Finish(DosError.None);
        }

        private readonly uint Dta => _m.FarPointer(_sda + DosLayout.SdaDta);

        private readonly void WriteFound(int drive, byte[] template, FatAttributes search, FoundEntry found)
        {
            Span<byte> sdb = stackalloc byte[DosLayout.SearchBlockBytes];
            sdb[0] = (byte)(0x80 | drive);
            template.CopyTo(sdb[1..]);
            sdb[12] = (byte)search;
            sdb[13] = (byte)found.Next.Index;
            sdb[14] = (byte)(found.Next.Index >> 8);
            sdb[15] = (byte)found.Next.Search;
            sdb[16] = (byte)(found.Next.Search >> 8);
            for (int i = 0; i < 4; i++) sdb[17 + i] = (byte)(found.Next.Cookie >> (8 * i));
            _m.Write(Dta, sdb);

            HostEntry e = found.Entry;
            Span<byte> entry = stackalloc byte[DosLayout.FoundEntryBytes];
            entry.Clear();
            e.Fcb.CopyTo(entry);
            entry[11] = (byte)e.Attributes;
            (ushort date, ushort time) = FatTimestamp.Encode(e.LastWrite);
            entry[22] = (byte)time;
            entry[23] = (byte)(time >> 8);
            entry[24] = (byte)date;
            entry[25] = (byte)(date >> 8);
            for (int i = 0; i < 4; i++) entry[28 + i] = (byte)(e.Size >> (8 * i));
            _m.Write(_sda + (uint)_layout.SdaFoundEntry, entry);
        }

        // ---- files ----

        /// <summary>Open (1116h): the open mode is the word on the stack; ES:DI is the SFT to fill.</summary>
        private readonly DosError Open(HostFolder folder, string path)
        {
            ushort mode = StackWord;
            if (folder.Open(path, (DosOpenAccess)(mode & 0x07), out HostFileHandle? handle) is not DosError.None and var error) return error;
            FillSft(handle!, mode);
            return DosError.None;
        }

        /// <summary>
        /// Create (1117h): the attributes are the word on the stack; FreeDOS sets its bit 8 for
        /// "create new" (INT 21h AH=5Bh), which fails when the file exists.
        /// </summary>
        private readonly DosError Create(HostFolder folder, string path)
        {
            ushort word = StackWord;
            DosOpenAction action = (word & 0x100) != 0
                ? DosOpenAction.FailIfExists | DosOpenAction.CreateIfMissing
                : DosOpenAction.ReplaceIfExists | DosOpenAction.CreateIfMissing;
            if (folder.ExtendedOpen(path, action, DosOpenAccess.ReadWrite, (FatAttributes)(byte)word, out HostFileHandle? handle, out _) is not DosError.None and var error)
                return error;
            FillSft(handle!, (ushort)((_m.Word(EsDi + DosLayout.SftMode) & 0xFF00) | (ushort)DosOpenAccess.ReadWrite));
            return DosError.None;
        }

        /// <summary>Extended open/create (112Eh, DOS 4+): action, attributes and mode from the SDA; CX says what was done.</summary>
        private DosError ExtendedOpen(HostFolder folder, string path)
        {
            if (_layout.SdaExtendedAction is not { } actionAt) return DosError.InvalidFunction;
            var action = (DosOpenAction)_m.Word(_sda + (uint)actionAt);
            var attributes = (FatAttributes)(byte)_m.Word(_sda + (uint)_layout.SdaExtendedAttribute!.Value);
            ushort mode = _m.Word(_sda + (uint)_layout.SdaExtendedMode!.Value);
            if (folder.ExtendedOpen(path, action, (DosOpenAccess)(mode & 0x07), attributes, out HostFileHandle? handle, out DosOpenResult result) is not DosError.None and var error)
                return error;
            FillSft(handle!, (ushort)(mode & 0x70FF));
            State.CX = (ushort)result;
            return DosError.None;
        }

        /// <summary>The SFT of a file just opened: remote, not written, on its drive; the file's id and tag where the clusters would be.</summary>
        private readonly void FillSft(HostFileHandle handle, ushort mode)
        {
            uint sft = EsDi;
            int drive = char.ToUpperInvariant(FirstName[0]) - 'A';
            (ushort date, ushort time) = FatTimestamp.Encode(handle.Entry.LastWrite);
            _m.SetWord(sft + DosLayout.SftMode, (ushort)((_m.Word(sft + DosLayout.SftMode) & 0xFF00) | (mode & 0xFF)));
            _m.SetByte(sft + DosLayout.SftAttribute, (byte)handle.Entry.Attributes);
            _m.SetWord(sft + DosLayout.SftDeviceInfo, (ushort)(DosLayout.SftRemote | DosLayout.SftClean | drive));
            _m.SetDword(sft + DosLayout.SftDevice, 0);
            _m.SetWord(sft + DosLayout.SftFileId, handle.Id);
            _m.SetWord(sft + DosLayout.SftTime, time);
            _m.SetWord(sft + DosLayout.SftDate, date);
            _m.SetDword(sft + DosLayout.SftSize, (uint)Math.Min(handle.Length, uint.MaxValue));
            _m.SetDword(sft + DosLayout.SftPosition, 0);
            _m.SetWord(sft + DosLayout.SftTag, handle.Tag);
            for (uint i = DosLayout.SftTag + 2; i < DosLayout.SftDirectoryIndex; i++) _m.SetByte(sft + i, 0);
            _m.SetByte(sft + DosLayout.SftDirectoryIndex, 0xFF);
            _m.Write(sft + DosLayout.SftName, handle.Entry.Fcb);
        }

        /// <summary>Close: one handle fewer; the last one ends the open, with the date and time DOS set on it (bit 14) as the file's.</summary>
        private readonly DosError Close(HostFolder folder, HostFileHandle handle, uint sft)
        {
            ushort count = _m.Word(sft + DosLayout.SftCount);
            if (count > 1)
            {
                _m.SetWord(sft + DosLayout.SftCount, (ushort)(count - 1));
                return folder.Commit(handle);
            }
            _m.SetWord(sft + DosLayout.SftCount, 0);
            ushort info = _m.Word(sft + DosLayout.SftDeviceInfo);
            DateTime? stamp = (info & DosLayout.SftDateSet) != 0
                ? FatTimestamp.Decode(_m.Word(sft + DosLayout.SftDate), _m.Word(sft + DosLayout.SftTime))
                : null;
            return folder.Close(handle, stamp);
        }

        /// <summary>Read (1108h): CX bytes from the SFT's position into the DTA; CX and the position say what was read.</summary>
        private DosError Read(HostFolder folder, HostFileHandle handle, uint sft)
        {
            uint position = _m.Dword(sft + DosLayout.SftPosition);
            Span<byte> into = _r._buffer.AsSpan(0, State.CX);
            if (folder.Read(handle, position, into, out int read) is not DosError.None and var error) return error;
            _m.Write(Dta, into[..read]);
            _m.SetDword(sft + DosLayout.SftPosition, position + (uint)read);
            State.CX = (ushort)read;
            return DosError.None;
        }

        /// <summary>Write (1109h): CX bytes from the DTA at the SFT's position; zero bytes cut or extend the file there.</summary>
        private DosError Write(HostFolder folder, HostFileHandle handle, uint sft)
        {
            uint position = _m.Dword(sft + DosLayout.SftPosition);
            int count = State.CX;
            DosError error;
            if (count == 0) error = folder.SetLength(handle, position);
            else
            {
                Span<byte> bytes = _r._buffer.AsSpan(0, count);
                _m.Read(Dta, bytes);
                error = folder.Write(handle, position, bytes);
            }
            if (error != DosError.None) return error;
            _m.SetDword(sft + DosLayout.SftPosition, position + (uint)count);
            _m.SetDword(sft + DosLayout.SftSize, (uint)Math.Min(handle.Length, uint.MaxValue));
            _m.SetWord(sft + DosLayout.SftDeviceInfo, (ushort)(_m.Word(sft + DosLayout.SftDeviceInfo) & ~DosLayout.SftClean));
            State.CX = (ushort)count;
            return DosError.None;
        }

        /// <summary>Seek from the end (1121h): CX:DX (signed) from the file's end; DX:AX and the SFT get the new position.</summary>
        private DosError SeekFromEnd(HostFileHandle handle, uint sft)
        {
            long offset = (int)((uint)State.CX << 16 | State.DX);
            long position = Math.Clamp(handle.Length + offset, 0, uint.MaxValue);
            _m.SetDword(sft + DosLayout.SftPosition, (uint)position);
            _m.SetDword(sft + DosLayout.SftSize, (uint)Math.Min(handle.Length, uint.MaxValue));
            State.AX = (ushort)position;
            State.DX = (ushort)(position >> 16);
            return DosError.None;
        }
    }
}
