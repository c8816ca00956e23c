using Concord.Core.Cpu;
using Concord.Core.Memory;

namespace Concord.Monitor.Gates;

/// <summary>
/// The monitor's knowledge of one VM's DOS and its process context there: what the DOS answered when
/// asked (version, InDOS, critical-error flag), the page the monitor maps into the VM (its PSP and
/// the stack its calls run on), and, during a call, the DOS's own PSP and DTA to give back
/// afterwards. The INT 21h calls it makes are <see cref="DosStep"/>s: this type says what registers
/// each takes and reads what each answers; <see cref="GateMonitor"/> runs them.
/// </summary>
/// <remarks>
/// The facts used, and their sources, are in docs/gates.md ("Real DOS"): RBIL for INT 21h AH=30h,
/// 34h, 50h/51h, 1Ah/2Fh, AX=5D06h, INT 23h/24h, INT 28h and the PSP layout; MS-DOS 4.0's
/// DISP.ASM and FreeDOS's entry.asm for what a DOS does between its INT 21h entry and InDOS.
/// </remarks>
internal sealed class DosPartner : IDisposable
{
    /// <summary>The PSP's size; the stack the monitor's calls run on is the rest of the page, from its end down.</summary>
    public const int PspBytes = 0x100;

    /// <summary>Where a host call's data (a program's name, tail, EXEC's parameter block...) goes in the context page: after the PSP.</summary>
    public const ushort ScratchOffset = PspBytes;

    /// <summary>The host call's data area's size; the monitor's stack has the rest of the page above it.</summary>
    public const int ScratchBytes = 0x400;

    /// <summary>SP of the monitor's stack when a call starts (the page's end, in the context segment).</summary>
    public const ushort StackTop = MemoryMap.PageSize;

    /// <summary>
    /// SP of a host call's INT 21h calls: below the gate calls' stack, so that a gate call entering
    /// while a host call's program runs (its EXEC's frame and DOS's saved registers on this stack)
    /// leaves them alone.
    /// </summary>
    public const ushort HostStackTop = 0xC00;

    /// <summary>The offset in the stub page a host call's INT 21h calls return to (a HLT of its own: <see cref="GateMonitor"/> tells them from the gates' by it).</summary>
    public const ushort HostStubOffset = 0x08;

    /// <summary>The offset of the default DTA in a PSP (where the monitor's calls start with theirs).</summary>
    private const ushort PspDta = 0x80;

    private const int JftEntries = 20;

    private readonly MemoryBlock _page = new(MemoryMap.PageSize);
    private readonly ushort _stubSegment;
    private readonly ushort _int23Offset;
    private readonly ushort _int24Offset;

    public DosPartner(int contextPage, int stubPage, ushort int23Offset, ushort int24Offset, byte keyboardVector)
    {
        KeyboardVector = keyboardVector;
        ContextPage = contextPage;
        Segment = (ushort)(contextPage >> 4);
        _stubSegment = (ushort)(stubPage >> 4);
        _int23Offset = int23Offset;
        _int24Offset = int24Offset;
        GateDtaSegment = Segment;
        GateDtaOffset = PspDta;
    }

    /// <summary>The BIOS's keyboard interrupt (<see cref="GateVmOptions.KeyboardVector"/>).</summary>
    public byte KeyboardVector { get; }

    /// <summary>Linear address of the context page in the VM.</summary>
    public int ContextPage { get; }

    /// <summary>The context page's segment: the monitor's PSP and the SS of its calls.</summary>
    public ushort Segment { get; }

    /// <summary>The page's memory (mapped into the VM as RAM).</summary>
    public MemoryBlock Page => _page;

    public DosState State { get; private set; } = DosState.Learning;

    public int Major { get; private set; }

    public int Minor { get; private set; }

    /// <summary>Linear address of InDOS (valid when <see cref="State"/> is <see cref="DosState.Known"/>).</summary>
    public int InDos { get; private set; }

    /// <summary>Linear address of the critical-error flag (ErrorMode).</summary>
    public int CriticalError { get; private set; }

    /// <summary>Linear address of the List of Lists (INT 21h AH=52h, ES:BX), or -1 when the DOS did not say (or is older than 3.10).</summary>
    public int ListOfLists { get; private set; } = -1;

    /// <summary>Linear address of the swappable data area (AX=5D06h, DS:SI), or -1 when the DOS did not say.</summary>
    public int SwappableData { get; private set; } = -1;

    /// <summary>Older than DOS 3.10: no critical-error flag, INT 24h's Fail or AH=50h/51h at any time; asked only for its version and InDOS.</summary>
    public bool Old => Major < 3 || (Major == 3 && Minor < 10);

    /// <summary>Why asking failed.</summary>
    public string? Reason { get; private set; }

    /// <summary>The monitor's INT 21h call running in the VM now, or <see cref="DosStep.None"/>.</summary>
    public DosStep Step { get; set; }

    /// <summary>The probe is running (the VM is busy answering the monitor).</summary>
    public bool Probing => Step is DosStep.Version or DosStep.InDos or DosStep.ListOfLists or DosStep.SwappableData;

    /// <summary>A gate call's own service runs now (between the switches of the process context).</summary>
    public bool InMain => Step == DosStep.Main;

    /// <summary>The OS's PSP, DTA and INT 23h/24h vectors while a call runs in the monitor's context.</summary>
    public ushort OsPsp { get; set; }

    public ushort OsDtaSegment { get; set; }

    public ushort OsDtaOffset { get; set; }

    public uint OsInt23 { get; set; }

    public uint OsInt24 { get; set; }

    /// <summary>The DTA calls through the gates use: the monitor's PSP's at first, then whatever they set (AH=1Ah); kept between calls.</summary>
    public ushort GateDtaSegment { get; private set; }

    public ushort GateDtaOffset { get; private set; }

    /// <summary>A host call's data area in the context page (<see cref="ScratchOffset"/>, in <see cref="Segment"/>).</summary>
    public Span<byte> Scratch => _page.Span.Slice(ScratchOffset, ScratchBytes);

    /// <summary>The registers of a host call's next INT 21h (<see cref="DosStep.Host"/>).</summary>
    public CpuState HostRegisters;

    /// <summary>The host call's INT 21h running now (<see cref="DosStep.GetDta"/>, <see cref="DosStep.Host"/>, <see cref="DosStep.RestoreDta"/>), or <see cref="DosStep.None"/>.</summary>
    public DosStep HostStep { get; set; }

    /// <summary>The OS's DTA and INT 23h/24h while a host call runs (apart from a gate call's: one may enter during it).</summary>
    public ushort HostDtaSegment { get; set; }

    public ushort HostDtaOffset { get; set; }

    public uint HostInt23 { get; set; }

    public uint HostInt24 { get; set; }

    /// <summary>What the call's own service answered, held while the context is switched back.</summary>
    public CpuState Result;

    /// <summary>How the call's own service ended (<c>stub</c>, <c>end-vector</c>, <c>port</c>).</summary>
    public string EndedBy { get; set; } = "stub";

    /// <summary>Where the VM was idle (its INT 28h) when the monitor asked it.</summary>
    public Concord.Monitor.Table.CsIp ProbedAt { get; set; }

    /// <summary>Whether a watched INT of the VM is one of the monitor's DOS moments (the keyboard BIOS, INT 21h, 28h while it watches them).</summary>
    public bool Watches(byte vector) =>
        (vector == KeyboardVector && WatchingKeyboard) || (vector == 0x21 && Watching21) || (vector == 0x28 && Watching28);

    /// <summary>The vectors the monitor watches in the VM now (kept here so that they are switched once).</summary>
    public bool WatchingKeyboard { get; set; }

    public bool Watching21 { get; set; }

    public bool Watching28 { get; set; }

    /// <summary>Where the frame of the monitor's calls is (in the context segment): its return address, then the flags.</summary>
    public static ushort FrameOffset => StackTop - 6;

    /// <summary>The same for a host call's calls.</summary>
    public static ushort HostFrameOffset => HostStackTop - 6;

    /// <summary>What comes after <paramref name="step"/>: the probe's calls in turn, the call's context switched in, its service, the context switched back.</summary>
    public static DosStep After(DosStep step) => step switch
    {
        DosStep.Version => DosStep.InDos,
        DosStep.InDos => DosStep.ListOfLists,
        DosStep.ListOfLists => DosStep.SwappableData,
        DosStep.GetPsp => DosStep.SetPsp,
        DosStep.SetPsp => DosStep.GetDta,
        DosStep.GetDta => DosStep.SetDta,
        DosStep.SetDta => DosStep.Main,
        DosStep.Main => DosStep.GetGateDta,
        DosStep.GetGateDta => DosStep.RestoreDta,
        DosStep.RestoreDta => DosStep.RestorePsp,
        _ => DosStep.None,
    };

    /// <summary>The registers of a monitor step (not <see cref="DosStep.Main"/>): AX and what the function reads.</summary>
    public void Load(DosStep step, ref CpuState s)
    {
        switch (step)
        {
            case DosStep.Version:
                s.AX = 0x3000; // AL = 0: what DOS 5+ returns in BH (the OEM number); and 1.x leaves AL = 0
                break;
            case DosStep.InDos:
                s.AX = 0x3400;
                s.ES = 0xFFFF; // a DOS answers ES:BX; these say it did not
                s.BX = 0xFFFF;
                break;
            case DosStep.ListOfLists:
                s.AX = 0x5200;
                s.ES = 0xFFFF; // as for AH=34h
                s.BX = 0xFFFF;
                break;
            case DosStep.SwappableData:
                s.AX = 0x5D06;
                s.DS = 0xFFFF; // as for AH=34h: DS:SI unchanged means no answer
                s.SI = 0xFFFF;
                break;
            case DosStep.GetPsp:
                s.AX = 0x5100;
                break;
            case DosStep.SetPsp:
                s.AX = 0x5000;
                s.BX = Segment;
                break;
            case DosStep.RestorePsp:
                s.AX = 0x5000;
                s.BX = OsPsp;
                break;
            case DosStep.GetDta or DosStep.GetGateDta:
                s.AX = 0x2F00;
                break;
            case DosStep.SetDta:
                s.AX = 0x1A00;
                s.DS = GateDtaSegment;
                s.DX = GateDtaOffset;
                break;
            case DosStep.RestoreDta:
                s.AX = 0x1A00;
                s.DS = OsDtaSegment;
                s.DX = OsDtaOffset;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "not a monitor step");
        }
    }

    /// <summary>Reads what a context step answered (the probe's answers are read by <see cref="Learn"/>).</summary>
    public void Store(DosStep step, in CpuState answer)
    {
        switch (step)
        {
            case DosStep.GetPsp:
                OsPsp = answer.BX;
                break;
            case DosStep.GetDta:
                OsDtaSegment = answer.ES;
                OsDtaOffset = answer.BX;
                break;
            case DosStep.GetGateDta:
                GateDtaSegment = answer.ES;
                GateDtaOffset = answer.BX;
                break;
        }
    }

    /// <summary>
    /// The version's answer (AH=30h): null when it is a DOS the monitor can ask further (2.0 or
    /// later: InDOS and EXEC), else why not. Whether gate calls can use it (3.10 or later) is
    /// <see cref="GateProblem"/>.
    /// </summary>
    public string? TakeVersion(in CpuState answer)
    {
        int major = answer.AX & 0xFF, minor = answer.AX >> 8;
        if (major == 0) return "INT 21h AH=30h gave no DOS version (AL=00h): no DOS 2 or later answers INT 21h";
        Major = major;
        Minor = minor;
        if (major < 2) return $"DOS {major}.{minor:D2} answered INT 21h AH=30h; the monitor needs DOS 2.0 or later (InDOS, EXEC)";
        return null;
    }

    /// <summary>Why gate calls cannot enter this DOS (older than 3.10), or null.</summary>
    public string? GateProblem => Old
        ? $"DOS {Major}.{Minor:D2}: the monitor needs DOS 3.1 or later (the critical-error flag, INT 24h's Fail, AH=50h/51h at any time)"
        : null;

    /// <summary>The List of Lists' answer (AH=52h): kept when ES:BX came back set.</summary>
    public void TakeListOfLists(in CpuState answer, uint addressMask)
    {
        if (answer.ES == 0xFFFF && answer.BX == 0xFFFF) return;
        ListOfLists = (int)(((uint)(answer.ES << 4) + answer.BX) & addressMask & 0xFFFFF);
    }

    /// <summary>InDOS's answer (AH=34h): null when ES:BX came back set, else why not.</summary>
    public string? TakeInDos(in CpuState answer, uint addressMask)
    {
        if (answer.ES == 0xFFFF && answer.BX == 0xFFFF) return "INT 21h AH=34h did not answer (ES:BX unchanged)";
        InDos = (int)(((uint)(answer.ES << 4) + answer.BX) & addressMask & 0xFFFFF);
        return null;
    }

    /// <summary>
    /// The swappable data area's answer (AX=5D06h): its first byte is the critical-error flag (the OS's
    /// answer wins); a DOS without the call keeps it in the byte before InDOS (DOS 3.1 and later).
    /// Then the monitor's PSP is written and the DOS is known.
    /// </summary>
    public void TakeSwappableData(in CpuState answer, uint addressMask)
    {
        bool answered = (answer.Flags & (ushort)CpuFlags.CF) == 0 && !(answer.DS == 0xFFFF && answer.SI == 0xFFFF);
        if (answered) SwappableData = (int)(((uint)(answer.DS << 4) + answer.SI) & addressMask & 0xFFFFF);
        CriticalError = answered ? SwappableData : InDos - 1;
        Known();
    }

    /// <summary>
    /// The DOS answered all it was asked (a DOS older than 3.10 only its version and InDOS: it has
    /// no critical-error flag, <see cref="CriticalError"/> is -1): the monitor's PSP is written.
    /// </summary>
    public void Known()
    {
        if (Old) CriticalError = -1;
        WritePsp();
        State = DosState.Known;
        Step = DosStep.None;
    }

    public void Fail(string reason)
    {
        Reason = reason;
        State = DosState.Failed;
        Step = DosStep.None;
    }

    public DosInfo Info() => new(State, Major, Minor, InDos, CriticalError, Segment, Reason, ListOfLists, SwappableData);

    /// <summary>
    /// The monitor's PSP at the start of the context page (RBIL, "Format of Program Segment Prefix"):
    /// INT 20h, its memory's end (the page's), INT 22h (the return stub: a DOS that ended this
    /// "process" would return there), INT 23h/24h (the monitor's handlers), itself as parent (as a
    /// command interpreter), 20 closed handles and the table's size and pointer, no environment, the
    /// version DOS 5+ returns for AH=30h, the INT 21h dispatcher, an empty command tail (the first DTA).
    /// </summary>
    private void WritePsp()
    {
        Span<byte> psp = _page.Span[..PspBytes];
        psp.Clear();
        psp[0x00] = 0xCD;
        psp[0x01] = 0x20;
        Word(psp, 0x02, (ushort)(Segment + (MemoryMap.PageSize >> 4)));
        Far(psp, 0x0A, _stubSegment, 0);
        Far(psp, 0x0E, _stubSegment, _int23Offset);
        Far(psp, 0x12, _stubSegment, _int24Offset);
        Word(psp, 0x16, Segment);
        psp.Slice(0x18, JftEntries).Fill(0xFF);
        Word(psp, 0x32, JftEntries);
        Far(psp, 0x34, Segment, 0x18);
        Far(psp, 0x38, 0xFFFF, 0xFFFF);
        psp[0x40] = (byte)Major;
        psp[0x41] = (byte)Minor;
        psp[0x50] = 0xCD;
        psp[0x51] = 0x21;
        psp[0x52] = 0xCB;
        psp[0x81] = 0x0D;
    }

    private static void Word(Span<byte> at, int offset, ushort value)
    {
        at[offset] = (byte)value;
        at[offset + 1] = (byte)(value >> 8);
    }

    private static void Far(Span<byte> at, int offset, ushort segment, ushort off)
    {
        Word(at, offset, off);
        Word(at, offset + 2, segment);
    }

    public void Dispose() => _page.Dispose();
}
