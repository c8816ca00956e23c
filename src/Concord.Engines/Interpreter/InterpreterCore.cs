using System.Runtime.CompilerServices;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines.Interpreter;

/// <summary>
/// The interpreter's state and everything that does not depend on the CPU model. The model-specific
/// execution lives in <see cref="InterpreterCore{TModel}"/>; <see cref="Interpreter"/> is the public face.
/// </summary>
internal abstract unsafe class InterpreterCore
{
    // Register file indices, in the order of the instruction encoding.
    protected const int AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7;
    protected const int ES = 0, CS = 1, SS = 2, DS = 3;
    protected const int SegBase = 8; // _r[SegBase + s] is segment register s
    protected const int RegisterFileSize = 16; // 12 registers, padded to 32 bytes for one-vector copies

    // Bits of _events: anything that needs a look between two instructions. The hot loop tests the
    // whole word once per instruction.
    protected const int EvTrapArmed = 1 << 0;   // TF was set when the last instruction began
    protected const int EvTf = 1 << 1;          // TF is set now
    protected const int EvIntr = 1 << 2;        // INTR asserted or an injected interrupt queued, and IF=1
    protected const int EvNmi = 1 << 3;
    protected const int EvShadow = 1 << 4;      // no interrupt after this instruction (MOV SS, POP SS, STI)
    protected const int EvHalted = 1 << 5;
    protected const int EvStop = 1 << 6;        // RequestStop from a host callback
    protected const int EvExit = 1 << 7;        // an instruction asked to leave Run (_exitReason says why)
    protected const int EvFault = 1 << 8;       // 286: a memory access faulted mid-instruction

    protected readonly MemoryMap _memory;
    protected readonly IPortBus _io;
    protected readonly IInterruptAcknowledge _pic;
    protected readonly InvalidOpcodePolicy _invalidOpcodePolicy;

    // SAFETY: both arrays live on the pinned object heap and are referenced by these fields for the
    // life of the core, so the pointers below stay valid.
    private readonly ushort[] _registerArray = GC.AllocateArray<ushort>(RegisterFileSize, pinned: true);
    private readonly ushort[] _backupArray = GC.AllocateArray<ushort>(RegisterFileSize, pinned: true);
    private readonly nint[] _noWritePagesArray = GC.AllocateArray<nint>(MemoryMap.PageCount, pinned: true);
    protected readonly ushort* _r;
    protected readonly ushort* _backup;
    protected readonly byte** _readPages;
    protected readonly byte** _mapWritePages;
    protected readonly byte** _noWritePages;
    protected byte** _writePages;
    private readonly uint _addressMask;

    protected ushort _ip;
    protected uint _csBase;             // CS << 4, kept with CS for instruction fetch
    protected int _flags;
    protected ushort _instructionStart;
    protected int _flagsBackup;
    protected int _segOverride = -1;
    protected int _rep;                 // 0, RepE (F3) or RepNE (F2)
    protected const int RepE = 1, RepNE = 2;

    // The effective address of the last ModR/M memory operand.
    protected uint _eaBase;
    protected ushort _eaOffset;
    protected int _eaSegment;

    protected int _events;
    protected bool _intrLine;
    private readonly Queue<byte> _injected = new();
    protected int _pendingFault = -1;
    protected ExitReason _exitReason;
    protected byte _exitVector;
    protected uint _exitAddress;
    protected bool _repInProgress;

    private readonly ulong[] _watched = new ulong[4];
    private readonly HashSet<uint> _stubs = [];

    protected uint _idtBase;
    protected ushort _idtLimit = 0x3FF;
    protected ushort _msw = 0xFFF0;

    protected long _count;              // budget consumed before the current Run
    protected long _runBudget, _runRemaining;

    protected InterpreterCore(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? pic)
    {
        _memory = memory;
        _io = io;
        _pic = pic ?? OpenBus.Instance;
        _invalidOpcodePolicy = options.InvalidOpcode;
        _r = (ushort*)Unsafe.AsPointer(ref _registerArray[0]);
        _backup = (ushort*)Unsafe.AsPointer(ref _backupArray[0]);
        _noWritePages = (byte**)Unsafe.AsPointer(ref _noWritePagesArray[0]);
        _readPages = memory.ReadPages;
        _mapWritePages = _writePages = memory.WritePages;
        _addressMask = options.Model == CpuModel.I8086 ? 0xFFFFFu : 0xFFFFFFu;
    }

    public bool ExitOnHalt { get; set; } = true;

    public ExitInfo LastExit { get; protected set; }

    /// <summary>Budget consumed so far; exact inside port callbacks too.</summary>
    public long InstructionCount => _count + (_runBudget - _runRemaining);

    public abstract RunResult Run(long budget);

    public abstract void DeliverInterrupt(byte vector);

    protected abstract int FixedFlags(int flags);

    public RunResult Step()
    {
        long executed = 0;
        RunResult result;
        do
        {
            result = Run(1);
            executed += result.Executed;
        }
        while (_repInProgress && result.Reason == ExitReason.BudgetSpent);
        return result with { Executed = executed };
    }

    /// <summary>CS and IP of the instruction being executed (inside a port callback: the IN/OUT itself); after a run, of the last one started.</summary>
    public (ushort Cs, ushort Ip) CurrentInstruction => (_r[SegBase + CS], _instructionStart);

    public CpuState GetState() => new()
    {
        AX = _r[AX], CX = _r[CX], DX = _r[DX], BX = _r[BX], SP = _r[SP], BP = _r[BP], SI = _r[SI], DI = _r[DI],
        ES = _r[SegBase + ES], CS = _r[SegBase + CS], SS = _r[SegBase + SS], DS = _r[SegBase + DS],
        IP = _ip, Flags = (ushort)_flags, Halted = (_events & EvHalted) != 0,
        IdtBase = _idtBase, IdtLimit = _idtLimit, Msw = _msw,
    };

    public void SetState(in CpuState s)
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
        _events &= ~(EvHalted | EvTrapArmed | EvShadow);
        if (s.Halted) _events |= EvHalted;
        SetFlags(s.Flags);
    }

    public void SetIntr(bool asserted)
    {
        _intrLine = asserted;
        UpdateIntrEvent();
    }

    public void RaiseNmi() => _events |= EvNmi;

    public void InjectInterrupt(byte vector)
    {
        _injected.Enqueue(vector);
        UpdateIntrEvent();
    }

    public void WatchVector(byte vector, bool watched)
    {
        if (watched) _watched[vector >> 6] |= 1UL << vector;
        else _watched[vector >> 6] &= ~(1UL << vector);
    }

    protected bool IsWatched(int vector) => (_watched[vector >> 6] & (1UL << vector)) != 0;

    public void AddStub(uint address) => _stubs.Add(address & _addressMask);

    public void RemoveStub(uint address) => _stubs.Remove(address & _addressMask);

    protected bool IsStub(uint address) => _stubs.Count != 0 && _stubs.Contains(address);

    public void RequestStop() => _events |= EvStop;

    /// <summary>Sets FLAGS as POPF would (fixed bits forced) and keeps the event bits that follow TF and IF.</summary>
    protected void SetFlags(int value)
    {
        _flags = FixedFlags(value);
        if ((_flags & FlagBits.TF) != 0) _events |= EvTf; else _events &= ~EvTf;
        UpdateIntrEvent();
    }

    protected void UpdateIntrEvent()
    {
        if ((_intrLine || _injected.Count != 0) && (_flags & FlagBits.IF) != 0) _events |= EvIntr;
        else _events &= ~EvIntr;
    }

    /// <summary>The vector of the external interrupt to take now, or -1.</summary>
    protected int TakeExternalVector()
    {
        if (_injected.Count != 0) return _injected.Dequeue();
        return _intrLine ? _pic.Acknowledge() : -1;
    }

    protected void Exit(ExitReason reason)
    {
        _exitReason = reason;
        _events |= EvExit;
    }

    // ---- registers ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void SetCs(ushort value)
    {
        _r[SegBase + CS] = value;
        _csBase = (uint)value << 4;
    }

    // Byte registers are read and written as their whole word, so that every store to the
    // register file is 16 bits wide and a later word load can take it straight from the store.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected byte GetReg8(int index) => (byte)(_r[index & 3] >> ((index & 4) << 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void SetReg8(int index, byte value)
    {
        int shift = (index & 4) << 1;
        ref ushort word = ref _r[index & 3];
        word = (ushort)((word & ~(0xFF << shift)) | (value << shift));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected uint SegmentBase(int segment) => (uint)_r[SegBase + segment] << 4;

}
