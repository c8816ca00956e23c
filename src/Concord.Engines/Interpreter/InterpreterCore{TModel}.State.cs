using System.Runtime.CompilerServices;
using Concord.Core.Cpu;
using Concord.Core.Memory;

namespace Concord.Engines.Interpreter;

/// <summary>The 16-bit models' register file, fetch state and the state save/load.</summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    // SAFETY: the arrays live on the pinned object heap and are referenced by these fields for the
    // life of the core, so the pointers below stay valid.
    private readonly ushort[] _registerArray = GC.AllocateArray<ushort>(RegisterFileSize, pinned: true);
    private readonly ushort[] _backupArray = GC.AllocateArray<ushort>(RegisterFileSize, pinned: true);
    private readonly nint[] _noWritePagesArray = GC.AllocateArray<nint>(MemoryMap.PageCount, pinned: true);
    private readonly ushort* _r;
    private readonly ushort* _backup;
    private readonly byte** _readPages;
    private readonly byte** _mapWritePages;
    private readonly byte** _noWritePages;
    private byte** _writePages;

    private ushort _ip;
    private uint _csBase;             // CS << 4, kept with CS for instruction fetch
    private ushort _instructionStart;
    private int _flagsBackup;
    private int _segOverride = -1;
    private int _rep;                 // 0, RepE (F3) or RepNE (F2)

    // A REP string instruction the budget stopped between iterations (EvRepResume): what it was
    // decoded as, so the next run goes on with it instead of decoding its bytes again (see Strings).
    private int _resumeOp, _resumeRep, _resumeSegment;
    private ushort _resumeNextIp;

    // Embedded in the translator: one bit per linear address below 1 MiB + 64 KiB, set where compiled code has an entry.
    private ulong* _entryBits;

    // The effective address of the last ModR/M memory operand.
    private uint _eaBase;
    private ushort _eaOffset;
    private int _eaSegment;

    private int _pendingFault = -1;

    private uint _idtBase;
    private ushort _idtLimit = 0x3FF;
    private ushort _msw = 0xFFF0;

    /// <summary>CS and IP of the instruction being executed (inside a port callback: the IN/OUT itself); after a run, of the last one started.</summary>
    public override (ushort Cs, ushort Ip) CurrentInstruction => (_r[SegBase + CS], _instructionStart);

    public override CpuState GetState() => new()
    {
        // The 32-bit fields straight (the high halves are zero on these CPUs): the word properties would read them back first.
        EAX = _r[AX], ECX = _r[CX], EDX = _r[DX], EBX = _r[BX], ESP = _r[SP], EBP = _r[BP], ESI = _r[SI], EDI = _r[DI],
        ES = _r[SegBase + ES], CS = _r[SegBase + CS], SS = _r[SegBase + SS], DS = _r[SegBase + DS],
        EIP = _ip, EFlags = (ushort)_flags, Halted = (_events & EvHalted) != 0,
        IdtBase = _idtBase, IdtLimit = _idtLimit, Cr0 = _msw,
    };

    public override void SetState(in CpuState s)
    {
        _r[AX] = s.AX; _r[CX] = s.CX; _r[DX] = s.DX; _r[BX] = s.BX;
        _r[SP] = s.SP; _r[BP] = s.BP; _r[SI] = s.SI; _r[DI] = s.DI;
        _r[SegBase + ES] = s.ES; _r[SegBase + SS] = s.SS; _r[SegBase + DS] = s.DS;
        SetCs(s.CS);
        _ip = s.IP;
        _idtBase = s.IdtBase & 0xFFFFFF;
        _idtLimit = s.IdtLimit;
        _msw = s.Msw;
        _repInProgress = false;
        _events &= ~(EvHalted | EvTrapArmed | EvShadow | EvRepResume);
        if (s.Halted) _events |= EvHalted;
        SetFlags(s.Flags);
    }

    // ---- registers ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetCs(ushort value)
    {
        _r[SegBase + CS] = value;
        _csBase = (uint)value << 4;
    }

    // Byte registers are read and written as their whole word, so that every store to the
    // register file is 16 bits wide and a later word load can take it straight from the store.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte GetReg8(int index) => (byte)(_r[index & 3] >> ((index & 4) << 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetReg8(int index, byte value)
    {
        int shift = (index & 4) << 1;
        ref ushort word = ref _r[index & 3];
        word = (ushort)((word & ~(0xFF << shift)) | (value << shift));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint SegmentBase(int segment) => (uint)_r[SegBase + segment] << 4;

}
