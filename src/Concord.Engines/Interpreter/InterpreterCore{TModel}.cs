using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>
/// The execution of one CPU model. <see cref="Run"/> is the hot loop: one test of the event word
/// per instruction, then one switch on the opcode. Rare and long instructions are methods of their
/// own so that the loop stays small enough for the JIT to optimise whole.
/// </summary>
internal sealed unsafe partial class InterpreterCore<TModel> : InterpreterCore
    where TModel : struct, ICpuModelTraits
{
    public InterpreterCore(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? pic)
        : base(options, memory, io, pic)
    {
        _r = (ushort*)Unsafe.AsPointer(ref _registerArray[0]);
        _backup = (ushort*)Unsafe.AsPointer(ref _backupArray[0]);
        _noWritePages = (byte**)Unsafe.AsPointer(ref _noWritePagesArray[0]);
        _readPages = memory.ReadPages;
        _mapWritePages = _writePages = memory.WritePages;
        SetState(CpuState.AfterReset(options.Model));
    }

    protected override int FixedFlags(int flags) =>
        TModel.Is286 ? (flags & Writable) | 0x0002 : (flags & Writable) | 0xF002;

    // Compiled fully optimised at its first call, not tiered: the whole interpreter is this one loop, and tiering
    // ran it for most of a boot as instrumented tier-0 and on-stack-replaced code, compiled seven times over
    // (worst in the translator, which calls it every 1,024 instructions, so call counting promoted it again and
    // again). Steady-state speed is the same (`concord-bench mips`); boot to the FreeDOS prompt is shorter (`boot`).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override RunResult Run(long budget)
    {
        _exitReason = ExitReason.BudgetSpent;
        _runBudget = budget;
        long remaining = budget;
        while (remaining > 0)
        {
            int op;
            bool prefixed = false;
            if (_events != 0)
            {
                if (_events == EvRepResume && _ip == _instructionStart)
                {
                    // The REP instruction the last run's budget stopped goes on as it was decoded,
                    // as it would have in one longer run (its bytes may have been written since).
                    _events = 0;
                    remaining--;
                    _ip = _resumeNextIp;
                    _rep = _resumeRep;
                    _segOverride = _resumeSegment;
                    prefixed = true;
                    op = _resumeOp;
                    goto Execute;
                }
                // Anything else between the iterations: the instruction is decoded again afterwards,
                // as after an interrupt it returns to.
                _events &= ~EvRepResume;
                Sync(remaining); // an acknowledge callback sees the instructions done so however the budget was cut
                if (HandleEvents(ref remaining)) break;
            }
            else if (TModel.Embedded && remaining != budget)
            {
                // The translator has compiled code from here: back to it (never before the run's first
                // instruction, which the translator hands over to be interpreted, nor after events were
                // handled here, which must not be handled twice at one boundary).
                uint at = (_csBase + _ip) & AddressMask;
                if ((_entryBits[at >> 6] & 1UL << (int)at) != 0) break;
            }

            _instructionStart = _ip;
            remaining--;

        Decode:
            op = Fetch8();
        Execute:
            switch (op)
            {
                // ---- ALU, eight operations in six forms ----
                case 0x00: AluEbGb<OpAdd>(); break;
                case 0x01: AluEvGv<OpAdd>(); break;
                case 0x02: AluGbEb<OpAdd>(); break;
                case 0x03: AluGvEv<OpAdd>(); break;
                case 0x04: AluAlIb<OpAdd>(); break;
                case 0x05: AluAxIw<OpAdd>(); break;
                case 0x08: AluEbGb<OpOr>(); break;
                case 0x09: AluEvGv<OpOr>(); break;
                case 0x0A: AluGbEb<OpOr>(); break;
                case 0x0B: AluGvEv<OpOr>(); break;
                case 0x0C: AluAlIb<OpOr>(); break;
                case 0x0D: AluAxIw<OpOr>(); break;
                case 0x10: AluEbGb<OpAdc>(); break;
                case 0x11: AluEvGv<OpAdc>(); break;
                case 0x12: AluGbEb<OpAdc>(); break;
                case 0x13: AluGvEv<OpAdc>(); break;
                case 0x14: AluAlIb<OpAdc>(); break;
                case 0x15: AluAxIw<OpAdc>(); break;
                case 0x18: AluEbGb<OpSbb>(); break;
                case 0x19: AluEvGv<OpSbb>(); break;
                case 0x1A: AluGbEb<OpSbb>(); break;
                case 0x1B: AluGvEv<OpSbb>(); break;
                case 0x1C: AluAlIb<OpSbb>(); break;
                case 0x1D: AluAxIw<OpSbb>(); break;
                case 0x20: AluEbGb<OpAnd>(); break;
                case 0x21: AluEvGv<OpAnd>(); break;
                case 0x22: AluGbEb<OpAnd>(); break;
                case 0x23: AluGvEv<OpAnd>(); break;
                case 0x24: AluAlIb<OpAnd>(); break;
                case 0x25: AluAxIw<OpAnd>(); break;
                case 0x28: AluEbGb<OpSub>(); break;
                case 0x29: AluEvGv<OpSub>(); break;
                case 0x2A: AluGbEb<OpSub>(); break;
                case 0x2B: AluGvEv<OpSub>(); break;
                case 0x2C: AluAlIb<OpSub>(); break;
                case 0x2D: AluAxIw<OpSub>(); break;
                case 0x30: AluEbGb<OpXor>(); break;
                case 0x31: AluEvGv<OpXor>(); break;
                case 0x32: AluGbEb<OpXor>(); break;
                case 0x33: AluGvEv<OpXor>(); break;
                case 0x34: AluAlIb<OpXor>(); break;
                case 0x35: AluAxIw<OpXor>(); break;
                case 0x38: AluEbGb<OpCmp>(); break;
                case 0x39: AluEvGv<OpCmp>(); break;
                case 0x3A: AluGbEb<OpCmp>(); break;
                case 0x3B: AluGvEv<OpCmp>(); break;
                case 0x3C: AluAlIb<OpCmp>(); break;
                case 0x3D: AluAxIw<OpCmp>(); break;

                // ---- segment registers on the stack ----
                case 0x06: Push(_r[SegBase + ES]); break;
                case 0x07: LoadSegment(ES, Pop()); break;
                case 0x0E: Push(_r[SegBase + CS]); break;
                case 0x0F:
                    if (TModel.Is286) Extended0F();
                    else LoadSegment(CS, Pop()); // POP CS: the 8086 does it
                    break;
                case 0x16: Push(_r[SegBase + SS]); break;
                case 0x17: LoadSegment(SS, Pop()); break;
                case 0x1E: Push(_r[SegBase + DS]); break;
                case 0x1F: LoadSegment(DS, Pop()); break;

                // ---- prefixes: part of the instruction that follows ----
                case 0x26: _segOverride = ES; prefixed = true; goto Decode;
                case 0x2E: _segOverride = CS; prefixed = true; goto Decode;
                case 0x36: _segOverride = SS; prefixed = true; goto Decode;
                case 0x3E: _segOverride = DS; prefixed = true; goto Decode;
                case 0xF0: case 0xF1: goto Decode; // LOCK (F1 is its 8086 alias): nothing to lock here
                case 0xF2: _rep = RepNE; prefixed = true; goto Decode;
                case 0xF3: _rep = RepE; prefixed = true; goto Decode;

                // ---- decimal adjust ----
                case 0x27: Daa(); break;
                case 0x2F: Das(); break;
                case 0x37: Aaa(); break;
                case 0x3F: Aas(); break;

                // ---- INC/DEC/PUSH/POP r16 ----
                case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
                    _r[op & 7] = (ushort)Alu.Inc16(ref _flags, _r[op & 7]);
                    break;
                case 0x48: case 0x49: case 0x4A: case 0x4B: case 0x4C: case 0x4D: case 0x4E: case 0x4F:
                    _r[op & 7] = (ushort)Alu.Dec16(ref _flags, _r[op & 7]);
                    break;
                case 0x50: case 0x51: case 0x52: case 0x53: case 0x55: case 0x56: case 0x57:
                    Push(_r[op & 7]);
                    break;
                case 0x54: // PUSH SP: the 8086 pushes the decremented value, the 286 the old one
                    if (TModel.Is286) Push(_r[SP]);
                    else { _r[SP] -= 2; Write16(SegmentBase(SS), _r[SP], _r[SP]); }
                    break;
                case 0x58: case 0x59: case 0x5A: case 0x5B: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                    {
                        ushort v = Pop();
                        _r[op & 7] = v;
                        break;
                    }

                // ---- 60h-6Fh: the 186 additions on the 286, Jcc aliases on the 8086 ----
                case 0x60: case 0x61: case 0x62: case 0x63: case 0x64: case 0x65: case 0x66: case 0x67:
                case 0x68: case 0x69: case 0x6A: case 0x6B: case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                    if (TModel.Is286) remaining -= Exec186(op, remaining + 1) - 1;
                    else JumpShortIf(Condition(op & 0xF));
                    break;

                // Jcc, one case each so that every condition is a constant test of FLAGS
                case 0x70: JumpShortIf(Condition(0x0)); break;
                case 0x71: JumpShortIf(Condition(0x1)); break;
                case 0x72: JumpShortIf(Condition(0x2)); break;
                case 0x73: JumpShortIf(Condition(0x3)); break;
                case 0x74: JumpShortIf(Condition(0x4)); break;
                case 0x75: JumpShortIf(Condition(0x5)); break;
                case 0x76: JumpShortIf(Condition(0x6)); break;
                case 0x77: JumpShortIf(Condition(0x7)); break;
                case 0x78: JumpShortIf(Condition(0x8)); break;
                case 0x79: JumpShortIf(Condition(0x9)); break;
                case 0x7A: JumpShortIf(Condition(0xA)); break;
                case 0x7B: JumpShortIf(Condition(0xB)); break;
                case 0x7C: JumpShortIf(Condition(0xC)); break;
                case 0x7D: JumpShortIf(Condition(0xD)); break;
                case 0x7E: JumpShortIf(Condition(0xE)); break;
                case 0x7F: JumpShortIf(Condition(0xF)); break;

                // ---- group 1, TEST, XCHG, MOV ----
                case 0x80: case 0x82: Group1Eb(); break;
                case 0x81: Group1Ev(imm8: false); break;
                case 0x83: Group1Ev(imm8: true); break;
                case 0x84: AluEbGb<OpTest>(); break;
                case 0x85: AluEvGv<OpTest>(); break;
                case 0x86: XchgEbGb(); break;
                case 0x87: XchgEvGv(); break;
                case 0x88: MovEbGb(); break;
                case 0x89: MovEvGv(); break;
                case 0x8A: MovGbEb(); break;
                case 0x8B: MovGvEv(); break;
                case 0x8C: MovEvSw(); break;
                case 0x8D: Lea(); break;
                case 0x8E: MovSwEv(); break;
                case 0x8F: PopEv(); break;

                case 0x90: break;
                case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
                    (_r[AX], _r[op & 7]) = (_r[op & 7], _r[AX]);
                    break;
                case 0x98: _r[AX] = (ushort)(sbyte)GetReg8(AX); break;
                case 0x99: _r[DX] = (ushort)((short)_r[AX] >> 15); break;
                case 0x9A: CallFarImmediate(); break;
                case 0x9B: break; // WAIT: no coprocessor, nothing to wait for
                case 0x9C: Push((ushort)_flags); break;
                case 0x9D: SetFlags(Pop()); break;
                case 0x9E: _flags = (_flags & ~(SF | ZF | AF | PF | CF)) | (GetReg8(AX + 4) & (SF | ZF | AF | PF | CF)); break;
                case 0x9F: SetReg8(AX + 4, (byte)_flags); break;

                // ---- moffs, strings ----
                case 0xA0: case 0xA1: case 0xA2: case 0xA3: MovAccumulatorMoffs(op); break;
                case 0xA4: case 0xA5: case 0xA6: case 0xA7:
                case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE: case 0xAF:
                    if (_rep == 0 && op is >= 0xAA and <= 0xAD)
                    {
                        // STOS and LODS without REP, the common ones in loops: no detour
                        int step = (_flags & DF) != 0 ? -1 : 1;
                        switch (op)
                        {
                            case 0xAA: Write8(SegmentBase(ES), _r[DI], GetReg8(AX)); _r[DI] += (ushort)step; break;
                            case 0xAB: Write16(SegmentBase(ES), _r[DI], _r[AX]); _r[DI] += (ushort)(step * 2); break;
                            case 0xAC: SetReg8(AX, Read8(SegmentBase(DataSegment), _r[SI])); _r[SI] += (ushort)step; break;
                            default: _r[AX] = Read16(SegmentBase(DataSegment), _r[SI]); _r[SI] += (ushort)(step * 2); break;
                        }
                        _repInProgress = false;
                        break;
                    }
                    remaining -= StringInstruction(op, remaining + 1) - 1;
                    break;
                case 0xA8: AluAlIb<OpTest>(); break;
                case 0xA9: AluAxIw<OpTest>(); break;

                case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB7:
                    SetReg8(op & 7, Fetch8());
                    break;
                case 0xB8: case 0xB9: case 0xBA: case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
                    _r[op & 7] = Fetch16();
                    break;

                // ---- returns, far pointers, MOV immediate ----
                case 0xC0: case 0xC1:
                    if (TModel.Is286) { if (op == 0xC0) ShiftGroup8(op, Fetch8Deferred); else ShiftGroup16(op, Fetch8Deferred); }
                    else ReturnNear(op == 0xC0 ? Fetch16() : 0); // 8086 aliases of C2h/C3h
                    break;
                case 0xC2: ReturnNear(Fetch16()); break;
                case 0xC3: _ip = Pop(); break;
                case 0xC4: LoadFarPointer(ES); break;
                case 0xC5: LoadFarPointer(DS); break;
                case 0xC6: MovEbIb(); break;
                case 0xC7: MovEvIw(); break;
                case 0xC8: case 0xC9:
                    if (TModel.Is286) { if (op == 0xC8) Enter(); else Leave(); }
                    else ReturnFar(op == 0xC8 ? Fetch16() : 0); // 8086 aliases of CAh/CBh
                    break;
                case 0xCA: ReturnFar(Fetch16()); break;
                case 0xCB: ReturnFar(0); break;
                case 0xCC: SoftwareInterrupt(3); break;
                case 0xCD: SoftwareInterrupt(Fetch8()); break;
                case 0xCE: if ((_flags & OF) != 0) Interrupt(4, _ip, _instructionStart); break;
                case 0xCF: ReturnFar(0, popFlags: true); break;

                // ---- shifts, BCD, XLAT, ESC ----
                case 0xD0: case 0xD2: ShiftGroup8(op, 0); break;
                case 0xD1:
                    {
                        // SHL/SHR r16, 1: the shifts of bit-by-bit loops (CRCs, multiplies), without the detour.
                        int m = Fetch8();
                        if ((m & 0xF0) == 0xE0)
                        {
                            ref ushort reg = ref _r[m & 7];
                            int v = reg;
                            int r = m < 0xE8 ? (v << 1) & 0xFFFF : v >> 1;
                            int carry = m < 0xE8 ? v >> 15 : v & 1;
                            int overflow = m < 0xE8 ? ((v ^ r) & 0x8000) >> 4 : (v & 0x8000) >> 4;
                            _flags = (_flags & ~Arith) | carry | overflow | Alu.Szp16(r);
                            reg = (ushort)r;
                        }
                        else ShiftGroup16Modrm(op, m, 0);
                        break;
                    }
                case 0xD3: ShiftGroup16(op, 0); break;
                case 0xD4: Aam(); break;
                case 0xD5: Aad(); break;
                case 0xD6: SetReg8(AX, (byte)((_flags & CF) != 0 ? 0xFF : 0)); break; // SALC
                case 0xD7: SetReg8(AX, Read8(SegmentBase(DataSegment), _r[BX] + GetReg8(AX))); break;
                case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
                    {
                        // ESC without a coprocessor: only the operand address is computed.
                        int m = Fetch8();
                        if (m < 0xC0) DecodeAddress(m);
                        break;
                    }

                // ---- loops, I/O, calls and jumps ----
                case 0xE0:
                    {
                        sbyte d = (sbyte)Fetch8();
                        if (--_r[CX] != 0 && (_flags & ZF) == 0) _ip = (ushort)(_ip + d);
                        break;
                    }
                case 0xE1:
                    {
                        sbyte d = (sbyte)Fetch8();
                        if (--_r[CX] != 0 && (_flags & ZF) != 0) _ip = (ushort)(_ip + d);
                        break;
                    }
                case 0xE2:
                    {
                        sbyte d = (sbyte)Fetch8();
                        if (--_r[CX] != 0) _ip = (ushort)(_ip + d);
                        break;
                    }
                case 0xE3: JumpShortIf(_r[CX] == 0); break;
                case 0xE4: case 0xE5: case 0xE6: case 0xE7:
                    Sync(remaining);
                    PortIo(op, Fetch8());
                    break;
                case 0xE8:
                    {
                        ushort d = Fetch16();
                        Push(_ip);
                        _ip += d;
                        break;
                    }
                case 0xE9: { ushort d = Fetch16(); _ip += d; break; }
                case 0xEA: JumpFarImmediate(); break;
                case 0xEB: { sbyte d = (sbyte)Fetch8(); _ip = (ushort)(_ip + d); break; }
                case 0xEC: case 0xED: case 0xEE: case 0xEF:
                    Sync(remaining);
                    PortIo(op, _r[DX]);
                    break;

                // ---- flags, HLT, groups 3-5 ----
                case 0xF4: Halt(); break;
                case 0xF5: _flags ^= CF; break;
                case 0xF6: Group3Eb(); break;
                case 0xF7: Group3Ev(); break;
                case 0xF8: _flags &= ~CF; break;
                case 0xF9: _flags |= CF; break;
                case 0xFA: ClearInterruptFlag(); break;
                case 0xFB: SetInterruptFlag(); break;
                case 0xFC: _flags &= ~DF; break;
                case 0xFD: _flags |= DF; break;
                case 0xFE: Group4(); break;
                case 0xFF: Group5(); break;

                default: InvalidOpcode(); break;
            }

            if (prefixed)
            {
                _segOverride = -1;
                _rep = 0;
            }
        }

        if (_exitReason == ExitReason.InvalidOpcode) remaining++; // it did not execute
        // An exit on the budget's last instruction is reported now; left pending it would end the next run at once.
        _events &= ~EvExit;
        long executed = budget - remaining;
        _count += executed;
        _runBudget = _runRemaining = 0;
        LastExit = new ExitInfo(_exitReason, _r[SegBase + CS], _ip, _exitAddress, _exitVector);
        return new RunResult(_exitReason, executed);
    }

    /// <summary>Publishes the budget left so that <see cref="InterpreterCore.InstructionCount"/> is exact inside a port callback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sync(long remaining) => _runRemaining = remaining;

    /// <summary>The segment of a memory operand without ModR/M: DS unless overridden.</summary>
    private int DataSegment
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _segOverride >= 0 ? _segOverride : DS;
    }

    /// <summary>Marker for <see cref="ShiftGroup"/>: the count is an immediate byte after the operand.</summary>
    private const int Fetch8Deferred = -1;

    /// <summary>
    /// Everything between two instructions: a 286 fault to deliver, exits, the interrupt shadow,
    /// the single-step trap, NMI, INTR, HLT. Returns true to leave <see cref="Run"/>.
    /// </summary>
    private bool HandleEvents(ref long remaining)
    {
        if (TModel.Is286 && (_events & EvFault) != 0) DeliverFault();

        if (TakeExitOrStop()) return true;

        if ((_events & EvShadow) != 0)
        {
            _events &= ~EvShadow; // interrupts and the trap wait one more instruction
        }
        else
        {
            if ((_events & EvTrapArmed) != 0)
            {
                _events &= ~EvTrapArmed;
                Interrupt(1, _ip, _ip);
            }
            if ((_events & EvExit) != 0)
            {
                // the trap could not be delivered: the CPU shut down
            }
            else if ((_events & EvNmi) != 0)
            {
                _events &= ~(EvNmi | EvHalted);
                Interrupt(2, _ip, _ip);
            }
            else if ((_events & EvIntr) != 0)
            {
                int vector = TakeExternalVector();
                UpdateIntrEvent();
                if (vector >= 0)
                {
                    _events &= ~EvHalted;
                    Interrupt(vector, _ip, _ip);
                }
            }
            if ((_events & EvExit) != 0)
            {
                _events &= ~(EvExit | EvStop); // the interrupt shut the CPU down
                return true;
            }
        }

        return StopWhenHalted(ref remaining);
    }

    private void Halt()
    {
        uint address = ((SegmentBase(CS) + _instructionStart) & AddressMask);
        if (IsStub(address))
        {
            _exitAddress = address;
            Exit(ExitReason.StubHit);
            return;
        }
        _events |= EvHalted;
    }

    private void SoftwareInterrupt(byte vector)
    {
        if (IsWatched(vector))
        {
            _exitVector = vector;
            Exit(ExitReason.WatchedInterrupt);
            return;
        }
        Interrupt(vector, _ip, _instructionStart);
    }

    /// <summary>Lets a watched INT proceed: IP is after the INT, which is still the instruction last started.</summary>
    public override void DeliverInterrupt(byte vector) => Interrupt(vector, _ip, _instructionStart);

    /// <summary>
    /// Pushes FLAGS, CS and <paramref name="returnIp"/>, clears IF and TF, and enters the handler.
    /// On the 286 the vector's entry must lie within the interrupt table's limit (LIDT): if not,
    /// the CPU raises exception 8 ("interrupt table limit too small", 80286 manual, table 2-4)
    /// with the address of the instruction that caused it (<paramref name="restartIp"/>: the INT
    /// itself, or the instruction an external interrupt came before); if vector 8 lies beyond the
    /// limit as well, the fault cannot be delivered and the CPU shuts down.
    /// </summary>
    private void Interrupt(int vector, ushort returnIp, ushort restartIp)
    {
        if (TModel.Is286 && vector * 4 + 3 > _idtLimit)
        {
            if (8 * 4 + 3 > _idtLimit)
            {
                _ip = restartIp;
                Exit(ExitReason.Shutdown);
                return;
            }
            vector = 8;
            returnIp = restartIp;
        }
        PushRaw((ushort)_flags);
        PushRaw(_r[SegBase + CS]);
        PushRaw(returnIp);
        _flags &= ~(IF | TF);
        _events &= ~EvTf;
        UpdateIntrEvent();
        uint entry = (TModel.Is286 ? _idtBase : 0) + (uint)vector * 4;
        _ip = (ushort)(ReadPhys8(entry) | ReadPhys8(entry + 1) << 8);
        SetCs((ushort)(ReadPhys8(entry + 2) | ReadPhys8(entry + 3) << 8));
    }

    /// <summary>A push that wraps at the segment end on both models (interrupt frames).</summary>
    private void PushRaw(ushort value)
    {
        _r[SP] -= 2;
        uint ss = SegmentBase(SS);
        Write8(ss, _r[SP], (byte)value);
        Write8(ss, _r[SP] + 1, (byte)(value >> 8));
    }

    /// <summary>
    /// A fault that restarts the instruction on the 286, or the 8086's divide error. On the 286 the
    /// registers are saved here, at the fault, and restored before the handler runs: instructions
    /// write no register before their last memory access that can fault, so what the rest of the
    /// faulting instruction does is undone and nothing before it needs undoing.
    /// </summary>
    private void Fault(int vector)
    {
        if (TModel.Is286)
        {
            if (_pendingFault < 0)
            {
                SaveForRestart();
                _pendingFault = vector;
                _events |= EvFault;
                _writePages = _noWritePages;
            }
        }
        else
        {
            Interrupt(vector, _ip, _ip);
        }
    }

    /// <summary>286: keeps the registers and flags as they are when an instruction faults.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SaveForRestart()
    {
        *(Vector256<ushort>*)_backup = *(Vector256<ushort>*)_r;
        _flagsBackup = _flags;
    }

    /// <summary>286: undoes the faulting instruction and enters the handler with its address pushed.</summary>
    private void DeliverFault()
    {
        *(Vector256<ushort>*)_r = *(Vector256<ushort>*)_backup;
        _csBase = SegmentBase(CS);
        _flags = _flagsBackup;
        _writePages = _mapWritePages;
        int vector = _pendingFault;
        _pendingFault = -1;
        _events &= ~EvFault;
        _repInProgress = false;
        _ip = _instructionStart;
        Interrupt(vector, _instructionStart, _instructionStart);
    }

    /// <summary>An opcode this model does not execute: #UD on the 286 under the Fault policy, else an exit.</summary>
    private void InvalidOpcode()
    {
        if (TModel.Is286 && _invalidOpcodePolicy == InvalidOpcodePolicy.Fault)
        {
            Fault(6);
            return;
        }
        _ip = _instructionStart;
        Exit(ExitReason.InvalidOpcode);
    }
}
