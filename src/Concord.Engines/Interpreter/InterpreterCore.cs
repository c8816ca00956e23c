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
    protected const int EvRepResume = 1 << 9;   // a REP string instruction stopped at the budget's end goes on, not decoded again

    protected readonly MemoryMap _memory;
    protected readonly IPortBus _io;
    protected readonly IInterruptAcknowledge _pic;
    protected readonly InvalidOpcodePolicy _invalidOpcodePolicy;
    private readonly uint _addressMask;

    protected int _flags;
    protected const int RepE = 1, RepNE = 2;

    protected int _events;
    protected bool _intrLine;
    private readonly Queue<byte> _injected = new();
    protected ExitReason _exitReason;
    protected byte _exitVector;
    protected uint _exitAddress;
    protected bool _repInProgress;

    private readonly ulong[] _watched = new ulong[4];
    private readonly HashSet<uint> _stubs = [];

    protected long _count;              // budget consumed before the current Run
    protected long _runBudget, _runRemaining;

    protected InterpreterCore(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? pic)
    {
        _memory = memory;
        _io = io;
        _pic = pic ?? OpenBus.Instance;
        _invalidOpcodePolicy = options.InvalidOpcode;
        _addressMask = options.Model switch
        {
            CpuModel.I8086 => 0xFFFFFu,
            CpuModel.I80286 => 0xFFFFFFu,
            _ => 0xFFFFFFFFu,
        };
    }

    public bool ExitOnHalt { get; set; } = true;

    public ExitInfo LastExit { get; protected set; }

    /// <summary>Budget consumed so far; exact inside port callbacks too.</summary>
    public long InstructionCount => _count + (_runBudget - _runRemaining);

    /// <summary>CS and IP of the instruction being executed (inside a port callback: the IN/OUT itself); after a run, of the last one started.</summary>
    public abstract (ushort Cs, ushort Ip) CurrentInstruction { get; }

    public abstract CpuState GetState();

    public abstract void SetState(in CpuState s);

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

    /// <summary>STI: IF set; when it was clear, one more instruction runs before an interrupt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void SetInterruptFlag()
    {
        if ((_flags & FlagBits.IF) == 0) _events |= EvShadow;
        _flags |= FlagBits.IF;
        UpdateIntrEvent();
    }

    /// <summary>CLI.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void ClearInterruptFlag()
    {
        _flags &= ~FlagBits.IF;
        UpdateIntrEvent();
    }

    /// <summary>The start of the events between two instructions: an exit or a stop request ends the run (true).</summary>
    protected bool TakeExitOrStop()
    {
        if ((_events & (EvExit | EvStop)) == 0) return false;
        if ((_events & EvStop) != 0 && (_events & EvExit) == 0) _exitReason = ExitReason.StopRequested;
        _events &= ~(EvExit | EvStop);
        return true;
    }

    /// <summary>
    /// The end of the events between two instructions: a halted CPU leaves the run (true), with
    /// <see cref="ExitReason.Halted"/> when it returns on HLT or cannot be woken, else idling the
    /// rest of the budget away; a running one arms the single-step trap if TF is set.
    /// </summary>
    protected bool StopWhenHalted(ref long remaining)
    {
        if ((_events & EvHalted) != 0)
        {
            if (ExitOnHalt || (_flags & FlagBits.IF) == 0)
            {
                _exitReason = ExitReason.Halted;
                return true;
            }
            remaining = 0; // idle until something external happens: the budget passes as time
            return true;
        }
        if ((_events & EvTf) != 0) _events |= EvTrapArmed;
        return false;
    }

    protected void Exit(ExitReason reason)
    {
        _exitReason = reason;
        _events |= EvExit;
    }

}
