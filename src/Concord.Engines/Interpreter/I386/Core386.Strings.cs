using System.Runtime.Intrinsics;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// String instructions (MOVS CMPS STOS LODS SCAS INS OUTS) with REP/REPE/REPNE, the pointers and
/// count of the address size. Each iteration counts as one instruction and is a boundary: when
/// the budget ends or an event arrives between iterations, EIP goes back to the first prefix; a
/// fault in an iteration keeps what the earlier ones did.
/// </summary>
internal sealed unsafe partial class Core386
{
    /// <summary>Executes opcode <paramref name="op"/>; returns the iterations done (at least 1, at most <paramref name="max"/>).</summary>
    private long StringInstruction(int op, long max)
    {
        if (_insn.Rep == 0)
        {
            StringStep(op);
            return 1;
        }
        if (Count == 0)
        {
            _repInProgress = false;
            return 1;
        }
        bool compares = (op & 0xF6) == 0xA6; // CMPS, SCAS
        bool untilEqual = _insn.Rep == DecodedInstruction.RepNE;
        if (_events != 0) max = 1; // TF or an interrupt waits for the next boundary
        long n = 0;
        while (true)
        {
            StringStep(op);
            n++;
            if (Faulted) return n;
            uint c = Count - 1;
            SetCount(c);
            if (c == 0 || (compares && ((_flags & ZF) != 0) == untilEqual))
            {
                _repInProgress = false;
                return n;
            }
            if (n >= max || _events != 0)
            {
                _eip = _instructionStart;
                _repInProgress = true;
                return n;
            }
            // The next iteration starts here: a fault in it keeps this one's work.
            *(Vector256<uint>*)_saved = *(Vector256<uint>*)_r;
            _savedFlags = _flags;
        }
    }

    private void StringStep(int op)
    {
        if ((op & 1) == 0) StringStep<Size8>(op);
        else if (_insn.Operand32) StringStep<Size32>(op);
        else StringStep<Size16>(op);
    }

    private uint Index(int register) => _insn.Address32 ? _r[register] : (ushort)_r[register];

    private void Advance(int register, int bytes)
    {
        uint step = (_flags & DF) != 0 ? (uint)-bytes : (uint)bytes;
        if (_insn.Address32) _r[register] += step;
        else *(ushort*)(_r + register) += (ushort)step;
    }

    private int SourceSegment => _insn.SegmentOverride >= 0 ? _insn.SegmentOverride : DS;

    private void StringStep<T>(int op) where T : struct, IOperandSize
    {
        int n = T.Bytes;
        switch (op)
        {
            case 0xA4: case 0xA5:
                {
                    uint v = Read<T>(SourceSegment, Index(SI));
                    if (Faulted) return;
                    Write<T>(ES, Index(DI), v);
                    Advance(SI, n);
                    Advance(DI, n);
                    break;
                }
            case 0xA6: case 0xA7:
                {
                    uint a = Read<T>(SourceSegment, Index(SI));
                    uint b = Read<T>(ES, Index(DI));
                    Alu386.Sub<T>(ref _flags, a, b, 0);
                    Advance(SI, n);
                    Advance(DI, n);
                    break;
                }
            case 0xAA: case 0xAB:
                Write<T>(ES, Index(DI), GetReg<T>(AX));
                Advance(DI, n);
                break;
            case 0xAC: case 0xAD:
                {
                    uint v = Read<T>(SourceSegment, Index(SI));
                    if (Faulted) return;
                    SetReg<T>(AX, v);
                    Advance(SI, n);
                    break;
                }
            case 0xAE: case 0xAF:
                Alu386.Sub<T>(ref _flags, GetReg<T>(AX), Read<T>(ES, Index(DI)), 0);
                Advance(DI, n);
                break;
            case 0x6C: case 0x6D:
                {
                    ushort port = (ushort)_r[DX];
                    if (!IoAllowed(port, n) || !CheckWrite<T>(ES, Index(DI))) return;
                    uint v = T.Bytes switch
                    {
                        1 => _io.In8(port),
                        2 => _io.In16(port),
                        _ => _io.In16(port) | (uint)_io.In16((ushort)(port + 2)) << 16,
                    };
                    Write<T>(ES, Index(DI), v);
                    Advance(DI, n);
                    CheckMemoryMap();
                    break;
                }
            default: // 6Eh, 6Fh
                {
                    ushort port = (ushort)_r[DX];
                    if (!IoAllowed(port, n)) return;
                    uint v = Read<T>(SourceSegment, Index(SI));
                    if (Faulted) return;
                    switch (T.Bytes)
                    {
                        case 1: _io.Out8(port, (byte)v); break;
                        case 2: _io.Out16(port, (ushort)v); break;
                        default:
                            _io.Out16(port, (ushort)v);
                            _io.Out16((ushort)(port + 2), (ushort)(v >> 16));
                            break;
                    }
                    Advance(SI, n);
                    CheckMemoryMap();
                    break;
                }
        }
    }

    /// <summary>Checks that a write would succeed (segment and page) without writing: INS reads its port only then.</summary>
    private bool CheckWrite<T>(int s, uint offset) where T : struct, IOperandSize
    {
        SegmentRegister* seg = _seg + s;
        if (offset < seg->WriteLow || (ulong)offset + (uint)(T.Bytes - 1) > seg->WriteHigh)
        {
            SegmentFault(s);
            return false;
        }
        return ProbeWrite(seg->Base + offset, T.Bytes, _userTag);
    }
}
