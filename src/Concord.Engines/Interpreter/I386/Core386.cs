using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// The 80386: real mode, protected mode with paging, and virtual-8086 mode. Each instruction is
/// decoded whole by <see cref="Decoder386"/> and then executed; the registers and EFLAGS are
/// saved as it begins, so a fault anywhere in it restores them and delivers the exception with
/// EIP at the instruction, as the 386 restarts faulting instructions.
/// </summary>
/// <remarks>
/// A separate core rather than a third model of <see cref="InterpreterCore{TModel}"/>: the 386's
/// 32-bit registers, descriptor caches and paging change every access, and the 16-bit models
/// keep their code and speed unchanged. Shared with them: the events, hooks and interrupt
/// plumbing of <see cref="InterpreterCore"/> and the flag table. See docs/interpreter.md.
/// </remarks>
internal sealed unsafe partial class Core386 : InterpreterCore
{
    private const int FS = 4, GS = 5;
    private const int LdtrIndex = 6, TrIndex = 7; // after the six segment registers in the segment array

    /// <summary>EFLAGS bits the 386 lets software change (POPF at CPL 0, IRET); bit 1 always reads 1.</summary>
    private const int Writable386 = CF | PF | AF | ZF | SF | TF | IF | DF | OF | IOPL | NT | RF | VM;

    private const uint Cr0Pe = 0x0000_0001, Cr0Mp = 0x0000_0002, Cr0Em = 0x0000_0004, Cr0Ts = 0x0000_0008,
                       Cr0Et = 0x0000_0010, Cr0Pg = 0x8000_0000;

    // SAFETY: the arrays live on the pinned object heap and are referenced by these fields for the
    // life of the core, so the pointers below stay valid.
    private readonly uint[] _registerArray = GC.AllocateArray<uint>(16, pinned: true);
    private readonly SegmentRegister[] _segmentArray = GC.AllocateArray<SegmentRegister>(8, pinned: true);
    private readonly uint* _r;          // EAX ECX EDX EBX ESP EBP ESI EDI
    private readonly uint* _saved;      // the same when the instruction began
    private readonly SegmentRegister* _seg; // ES CS SS DS FS GS, then LDTR and TR

    private uint _eip;
    private uint _instructionStart;
    private int _savedFlags;
    private DecodedInstruction _insn;
    private uint _ea;                   // the offset of the ModR/M memory operand of the instruction in progress

    private uint _gdtBase, _idtBase;
    private uint _gdtLimit, _idtLimit;
    private uint _cr0, _cr2, _cr3;
    private uint _dr0, _dr1, _dr2, _dr3, _dr6, _dr7, _tr6, _tr7;
    private int _cpl;

    /// <summary>CS.D: 32-bit code.</summary>
    private bool _code32;

    /// <summary>SS.B: ESP rather than SP.</summary>
    private bool _stack32;

    public Core386(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? pic)
        : base(options, memory, io, pic)
    {
        _r = (uint*)Unsafe.AsPointer(ref _registerArray[0]);
        _saved = _r + 8;
        _seg = (SegmentRegister*)Unsafe.AsPointer(ref _segmentArray[0]);
        InitMemory(memory);
        SetState(CpuState.AfterReset(CpuModel.I80386));
    }

    private bool ProtectedMode => (_cr0 & Cr0Pe) != 0;

    private bool V86 => (_flags & VM) != 0;

    /// <summary>Real or virtual-8086 mode: segment registers hold paragraph numbers.</summary>
    private bool RealAddressing => (_cr0 & Cr0Pe) == 0 || (_flags & VM) != 0;

    private int Iopl => (_flags >> IoplShift) & 3;

    protected override int FixedFlags(int flags) => (flags & Writable386) | 0x0002;

    public override (ushort Cs, ushort Ip) CurrentInstruction => (_seg[CS].Selector, (ushort)_instructionStart);

    // ---- state in and out ----

    public override CpuState GetState() => new()
    {
        EAX = _r[AX], ECX = _r[CX], EDX = _r[DX], EBX = _r[BX], ESP = _r[SP], EBP = _r[BP], ESI = _r[SI], EDI = _r[DI],
        ES = _seg[ES].Selector, CS = _seg[CS].Selector, SS = _seg[SS].Selector, DS = _seg[DS].Selector,
        FS = _seg[FS].Selector, GS = _seg[GS].Selector,
        EsCache = CacheOf(ES), CsCache = CacheOf(CS), SsCache = CacheOf(SS), DsCache = CacheOf(DS),
        FsCache = CacheOf(FS), GsCache = CacheOf(GS),
        Ldtr = _seg[LdtrIndex].Selector, LdtrCache = CacheOf(LdtrIndex),
        Tr = _seg[TrIndex].Selector, TrCache = CacheOf(TrIndex),
        EIP = _eip, EFlags = (uint)_flags, Halted = (_events & EvHalted) != 0,
        IdtBase = _idtBase, IdtLimit = (ushort)_idtLimit, GdtBase = _gdtBase, GdtLimit = (ushort)_gdtLimit,
        Cr0 = _cr0, Cr2 = _cr2, Cr3 = _cr3,
        Dr0 = _dr0, Dr1 = _dr1, Dr2 = _dr2, Dr3 = _dr3, Dr6 = _dr6, Dr7 = _dr7, Tr6 = _tr6, Tr7 = _tr7,
        Cpl = (byte)_cpl,
    };

    private SegmentCache CacheOf(int s) => new(_seg[s].Base, _seg[s].Limit, _seg[s].Attributes);

    /// <remarks>
    /// In real and virtual-8086 mode a selector whose cache does not say base = selector × 16 (a
    /// gate that changed DS, a state made by hand) is loaded as those modes load it; a cache
    /// that agrees is kept whole, so that a saved state, limits included, comes back exactly.
    /// </remarks>
    public override void SetState(in CpuState s)
    {
        _r[AX] = s.EAX; _r[CX] = s.ECX; _r[DX] = s.EDX; _r[BX] = s.EBX;
        _r[SP] = s.ESP; _r[BP] = s.EBP; _r[SI] = s.ESI; _r[DI] = s.EDI;
        // The TLB outlives a state that changes nothing it depends on (a gate's register swap
        // in real mode); with paging on before or after, a state from elsewhere may mean other
        // tables, so it goes.
        bool flush = Paging || (s.Cr0 & Cr0Pg) != 0 || ((_cr0 ^ s.Cr0) & Cr0Pe) != 0 || _cr3 != s.Cr3;
        _cr0 = s.Cr0 | Cr0Et;
        _cr2 = s.Cr2;
        _cr3 = s.Cr3;
        _dr0 = s.Dr0; _dr1 = s.Dr1; _dr2 = s.Dr2; _dr3 = s.Dr3; _dr6 = s.Dr6; _dr7 = s.Dr7;
        _tr6 = s.Tr6; _tr7 = s.Tr7;
        _idtBase = s.IdtBase;
        _idtLimit = s.IdtLimit;
        _gdtBase = s.GdtBase;
        _gdtLimit = s.GdtLimit;
        _flags = FixedFlags((int)s.EFlags);
        bool realAddressing = RealAddressing;
        SetSegmentState(ES, s.ES, s.EsCache, realAddressing);
        SetSegmentState(CS, s.CS, s.CsCache, realAddressing);
        SetSegmentState(SS, s.SS, s.SsCache, realAddressing);
        SetSegmentState(DS, s.DS, s.DsCache, realAddressing);
        SetSegmentState(FS, s.FS, s.FsCache, realAddressing);
        SetSegmentState(GS, s.GS, s.GsCache, realAddressing);
        SetSegmentState(LdtrIndex, s.Ldtr, s.LdtrCache, false);
        SetSegmentState(TrIndex, s.Tr, s.TrCache, false);
        SetCpl(!ProtectedMode ? 0 : V86 ? 3 : s.Cpl);
        _eip = s.EIP;
        _instructionStart = _eip;
        _repInProgress = false;
        _faultVector = -1;
        _writePoison = 0;
        _events &= ~(EvHalted | EvTrapArmed | EvShadow);
        if (s.Halted) _events |= EvHalted;
        SetFlags(_flags);
        if (flush) FlushTlb();
        else DropFetchPage();
    }

    private void SetSegmentState(int s, ushort selector, SegmentCache cache, bool realAddressing)
    {
        if (realAddressing && cache.Base != (uint)selector << 4)
        {
            if (V86) LoadSegmentV86(s, selector);
            else
            {
                _seg[s].Limit = cache.Limit == 0 && cache.Attributes == 0 ? 0xFFFF : cache.Limit;
                _seg[s].Attributes = cache.Attributes == 0 ? SegmentAttributes.RealModeData : cache.Attributes;
                LoadSegmentReal(s, selector);
            }
            return;
        }
        _seg[s].Selector = selector;
        _seg[s].Base = cache.Base;
        _seg[s].Limit = cache.Limit;
        _seg[s].Attributes = cache.Attributes;
        RefreshAccess(s);
    }

    // ---- registers ----

    /// <summary>Register <paramref name="i"/> at a size: AL CL DL BL AH CH DH BH for bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint GetReg<T>(int i) where T : struct, IOperandSize
    {
        if (T.Bytes == 1) return ((byte*)_r)[((i & 3) << 2) | (i >> 2)];
        if (T.Bytes == 2) return *(ushort*)(_r + i);
        return _r[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetReg<T>(int i, uint value) where T : struct, IOperandSize
    {
        if (T.Bytes == 1) ((byte*)_r)[((i & 3) << 2) | (i >> 2)] = (byte)value;
        else if (T.Bytes == 2) *(ushort*)(_r + i) = (ushort)value;
        else _r[i] = value;
    }

    private void SetCpl(int cpl)
    {
        _cpl = cpl;
        _userTag = cpl == 3 ? UserTag : 0;
        DropFetchPage();
    }

    // ---- the loop ----

    public override RunResult Run(long budget)
    {
        _exitReason = ExitReason.BudgetSpent;
        _runBudget = budget;
        long remaining = budget;
        CheckMemoryMap();
        while (remaining > 0)
        {
            if (_events != 0 && HandleEvents(ref remaining)) break;

            remaining--;
            ExecuteOne(ref remaining);
        }

        if (_exitReason == ExitReason.InvalidOpcode) remaining++; // it did not execute
        long executed = budget - remaining;
        _count += executed;
        _runBudget = _runRemaining = 0;
        LastExit = new ExitInfo(_exitReason, _seg[CS].Selector, (ushort)_eip, _exitAddress, _exitVector);
        return new RunResult(_exitReason, executed);
    }

    /// <summary>
    /// One instruction: decoded whole, then executed; a fault raised in either is delivered before
    /// returning. A method of its own so that the JIT compiles it fully (Run's loop is entered once
    /// per run and would otherwise run as on-stack-replaced code).
    /// </summary>
    private void ExecuteOne(ref long remaining)
    {
        BeginInstruction();
        DecodeResult decoded;
        if ((ulong)(_eip - _fetchStart) + Decoder386.MaxLength <= _fetchCount)
        {
            // The longest instruction fits in the code page in use: decode from host memory.
            var bytes = new PointerBytes(_fetchBase + _eip);
            decoded = Decoder386.Decode(ref bytes, _code32, ref _insn);
            _eip += (uint)_insn.Length;
        }
        else
        {
            var bytes = new CodeBytes(this);
            decoded = Decoder386.Decode(ref bytes, _code32, ref _insn);
        }
        if (decoded == DecodeResult.Ok)
        {
            if (_insn.IsMemory) _ea = EffectiveAddress();
            Execute(ref remaining);
        }
        else if (decoded == DecodeResult.Invalid) InvalidOpcode();
        else if (decoded == DecodeResult.TooLong) Gp(0);
        if (_faultVector >= 0) DeliverFault();
    }

    /// <summary>Saves the registers and EFLAGS that a fault in the coming instruction restores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeginInstruction()
    {
        // RF lasts for the instruction after the IRET or POPF that set it (it only holds off
        // instruction breakpoints, which are not modelled; what shows is the EFLAGS image pushed).
        _flags &= ~RF;
        _instructionStart = _eip;
        *(Vector256<uint>*)_saved = *(Vector256<uint>*)_r;
        _savedFlags = _flags;
    }

    /// <summary>Publishes the budget left so that <see cref="InterpreterCore.InstructionCount"/> is exact inside a port callback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sync(long remaining) => _runRemaining = remaining;

    /// <summary>
    /// Everything between two instructions: exits, the interrupt shadow, the single-step trap, NMI,
    /// INTR, HLT. Returns true to leave <see cref="Run"/>.
    /// </summary>
    private bool HandleEvents(ref long remaining)
    {
        if (TakeExitOrStop()) return true;

        if ((_events & EvShadow) != 0)
        {
            _events &= ~EvShadow; // interrupts and the trap wait one more instruction
        }
        else if ((_events & (EvTrapArmed | EvNmi | EvIntr)) != 0)
        {
            // Whatever is delivered here is delivered at this boundary: a fault in delivering it
            // restores the registers as they are now.
            BeginInstruction();
            if ((_events & EvTrapArmed) != 0)
            {
                _events &= ~EvTrapArmed;
                _dr6 |= 0x4000; // BS: single step
                DeliverEvent(1, InterruptSource.Exception);
            }
            if ((_events & EvExit) != 0)
            {
                // the trap could not be delivered: the CPU shut down
            }
            else if ((_events & EvNmi) != 0)
            {
                _events &= ~(EvNmi | EvHalted);
                DeliverEvent(2, InterruptSource.External);
            }
            else if ((_events & EvIntr) != 0)
            {
                int vector = TakeExternalVector();
                UpdateIntrEvent();
                if (vector >= 0)
                {
                    _events &= ~EvHalted;
                    DeliverEvent(vector, InterruptSource.External);
                }
            }
            if ((_events & EvExit) != 0)
            {
                _events &= ~(EvExit | EvStop); // a delivery shut the CPU down
                return true;
            }
        }

        return StopWhenHalted(ref remaining);
    }

    private void Halt()
    {
        // A stub is the monitor's, not the guest's: it exits at any privilege level (a gate's
        // return reaches it from a callee in virtual-8086 mode, at CPL 3, where HLT is #GP).
        uint address = _seg[CS].Base + _instructionStart;
        if (IsStub(address))
        {
            _exitAddress = address;
            Exit(ExitReason.StubHit);
            return;
        }
        if (_cpl != 0)
        {
            Gp(0);
            return;
        }
        _events |= EvHalted;
    }

    /// <summary>An opcode the 386 does not have: #UD under the Fault policy, else an exit at the instruction.</summary>
    private void InvalidOpcode()
    {
        if (_invalidOpcodePolicy == InvalidOpcodePolicy.Fault)
        {
            Raise(6);
            return;
        }
        *(Vector256<uint>*)_r = *(Vector256<uint>*)_saved;
        _flags = _savedFlags;
        _eip = _instructionStart;
        Exit(ExitReason.InvalidOpcode);
    }

    /// <summary>The instruction bytes at CS:EIP, each fetched with its checks, for <see cref="Decoder386"/>.</summary>
    private readonly struct CodeBytes(Core386 core) : IInstructionBytes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out byte value) => core.FetchByte(out value);

        public bool Read(int size, out uint value)
        {
            value = 0;
            for (int i = 0; i < size; i++)
            {
                if (!core.FetchByte(out byte b)) return false;
                value |= (uint)b << (8 * i);
            }
            return true;
        }
    }
}
