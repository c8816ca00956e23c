namespace Concord.Core.Cpu;

/// <summary>
/// The whole architectural state of a vCPU: what a gate switch or a snapshot saves and restores. A
/// plain value; engines copy it in and out.
/// </summary>
/// <remarks>
/// Registers are stored at the 80386's width; the 8086 and the 80286 use their low 16 bits, which
/// the 16-bit names (<see cref="AX"/>, <see cref="IP"/>, <see cref="Flags"/>...) read and write. A
/// 16-bit write keeps the upper half, as the CPU does, except <see cref="IP"/>, which sets EIP to
/// the 16-bit value. The segment caches, descriptor tables other than the IDT, control, debug and
/// test registers and <see cref="Cpl"/> belong to the 386; the other models leave them 0.
/// </remarks>
public struct CpuState
{
    public uint EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI;

    /// <summary>Segment selectors (in real mode: the segment numbers).</summary>
    public ushort ES, CS, SS, DS, FS, GS;

    public uint EIP;
    public uint EFlags;

    /// <summary>The CPU stopped at HLT and waits for an interrupt.</summary>
    public bool Halted;

    /// <summary>80286 and 80386: the interrupt table base and limit (LIDT); 0 and 3FFh after reset.</summary>
    public uint IdtBase;
    public ushort IdtLimit;

    /// <summary>80386 (the 286 keeps its own but does not report it): the global descriptor table (LGDT).</summary>
    public uint GdtBase;
    public ushort GdtLimit;

    /// <summary>80386: control registers. CR0's low 16 bits are the 286's machine status word (<see cref="Msw"/>).</summary>
    public uint Cr0, Cr2, Cr3;

    /// <summary>80386: debug registers (kept; breakpoints are not modelled) and test registers TR6, TR7.</summary>
    public uint Dr0, Dr1, Dr2, Dr3, Dr6, Dr7, Tr6, Tr7;

    /// <summary>80386: the hidden parts of the segment registers.</summary>
    public SegmentCache EsCache, CsCache, SsCache, DsCache, FsCache, GsCache;

    /// <summary>80386: the local descriptor table and task registers with their caches.</summary>
    public ushort Ldtr, Tr;
    public SegmentCache LdtrCache, TrCache;

    /// <summary>80386: the current privilege level (0 in real mode, 3 in virtual-8086 mode).</summary>
    public byte Cpl;

    public ushort AX { readonly get => (ushort)EAX; set => EAX = (EAX & 0xFFFF0000u) | value; }
    public ushort CX { readonly get => (ushort)ECX; set => ECX = (ECX & 0xFFFF0000u) | value; }
    public ushort DX { readonly get => (ushort)EDX; set => EDX = (EDX & 0xFFFF0000u) | value; }
    public ushort BX { readonly get => (ushort)EBX; set => EBX = (EBX & 0xFFFF0000u) | value; }
    public ushort SP { readonly get => (ushort)ESP; set => ESP = (ESP & 0xFFFF0000u) | value; }
    public ushort BP { readonly get => (ushort)EBP; set => EBP = (EBP & 0xFFFF0000u) | value; }
    public ushort SI { readonly get => (ushort)ESI; set => ESI = (ESI & 0xFFFF0000u) | value; }
    public ushort DI { readonly get => (ushort)EDI; set => EDI = (EDI & 0xFFFF0000u) | value; }

    /// <summary>The 16-bit instruction pointer; setting it sets EIP to the value.</summary>
    public ushort IP { readonly get => (ushort)EIP; set => EIP = value; }

    /// <summary>FLAGS, the low 16 bits of EFLAGS.</summary>
    public ushort Flags { readonly get => (ushort)EFlags; set => EFlags = (EFlags & 0xFFFF0000u) | value; }

    /// <summary>The 286's machine status word: the low 16 bits of CR0.</summary>
    public ushort Msw { readonly get => (ushort)Cr0; set => Cr0 = (Cr0 & 0xFFFF0000u) | value; }

    /// <summary>The state after RESET: CS:IP = F000:FFF0 (the 8086's FFFF:0000 is the same address).</summary>
    public static CpuState AfterReset(CpuModel model)
    {
        if (model == CpuModel.I80386) return AfterReset386();
        return new()
        {
            CS = model == CpuModel.I8086 ? (ushort)0xFFFF : (ushort)0xF000,
            IP = model == CpuModel.I8086 ? (ushort)0x0000 : (ushort)0xFFF0,
            Flags = model == CpuModel.I8086 ? (ushort)0xF002 : (ushort)0x0002,
            IdtLimit = 0x3FF,
            Msw = 0xFFF0,
        };
    }

    /// <summary>
    /// The 386 after RESET: real mode, CS = F000h with base FFFF0000h (the first fetch is at
    /// FFFFFFF0h, the top of 4 GiB, until CS is loaded), EDX = 0308h (a 386DX, stepping D1),
    /// limits FFFFh, CR0 with ET set (an 80387-style coprocessor interface; none is attached).
    /// </summary>
    private static CpuState AfterReset386()
    {
        var data = new SegmentCache(0, 0xFFFF, SegmentAttributes.RealModeData);
        return new()
        {
            CS = 0xF000,
            CsCache = new SegmentCache(0xFFFF0000, 0xFFFF, SegmentAttributes.RealModeCode),
            DsCache = data, EsCache = data, SsCache = data, FsCache = data, GsCache = data,
            EIP = 0xFFF0,
            EFlags = 0x0002,
            EDX = 0x0308,
            IdtLimit = 0x3FF,
            GdtLimit = 0xFFFF,
            LdtrCache = new SegmentCache(0, 0xFFFF, 0x0082),
            TrCache = new SegmentCache(0, 0xFFFF, 0x008B),
            Cr0 = 0x0000_0010,
            Dr6 = 0xFFFF_0FF0,
            Dr7 = 0x0000_0400,
        };
    }

    public readonly override string ToString()
    {
        string text = $"AX={AX:X4} BX={BX:X4} CX={CX:X4} DX={DX:X4} SP={SP:X4} BP={BP:X4} SI={SI:X4} DI={DI:X4} " +
                      $"CS={CS:X4} DS={DS:X4} ES={ES:X4} SS={SS:X4} IP={IP:X4} FL={Flags:X4}{(Halted ? " HLT" : "")}";
        bool wide = ((EAX | ECX | EDX | EBX | ESP | EBP | ESI | EDI | EIP | EFlags) >> 16) != 0 || FS != 0 || GS != 0 || (Cr0 & 1) != 0;
        if (!wide) return text;
        return $"EAX={EAX:X8} EBX={EBX:X8} ECX={ECX:X8} EDX={EDX:X8} ESP={ESP:X8} EBP={EBP:X8} ESI={ESI:X8} EDI={EDI:X8} " +
               $"CS={CS:X4} DS={DS:X4} ES={ES:X4} SS={SS:X4} FS={FS:X4} GS={GS:X4} EIP={EIP:X8} EFL={EFlags:X8} " +
               $"CR0={Cr0:X8} CPL={Cpl}{(Halted ? " HLT" : "")}";
    }
}
