using Concord.Core.Memory;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>
/// String instructions (MOVS CMPS STOS LODS SCAS, and INS OUTS on the 286) with REP/REPE/REPNE.
/// Each iteration counts as one instruction. Iterations run back to back while nothing is pending;
/// when the budget ends or an event arrives between iterations, IP goes back to the first prefix,
/// so the instruction resumes where it left off after an interrupt.
/// </summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    /// <summary>Executes opcode <paramref name="op"/>; returns the iterations done (at least 1, at most <paramref name="max"/>).</summary>
    private long StringInstruction(int op, long max)
    {
        if (_rep == 0)
        {
            StringStep(op);
            return 1;
        }
        if (_r[CX] == 0)
        {
            _repInProgress = false;
            return 1;
        }
        bool compares = (op & 0xF6) == 0xA6; // CMPS, SCAS
        bool untilEqual = _rep == RepNE;
        if (_events != 0) max = 1; // TF or an interrupt waits for the next boundary
        long n = 0;
        if ((op & 0xFC) == 0xA4 && !compares || (op & 0xFE) == 0xAA)
        {
            n = MoveOrStoreInBlocks(op, max);
            if (_r[CX] == 0)
            {
                _repInProgress = false;
                return Math.Max(n, 1);
            }
            if (n >= max) return Pause(op, n);
        }
        while (true)
        {
            // Each iteration is an instruction of its own: a port or device callback sees it counted.
            _runRemaining = max - 1 - n;
            StringStep(op);
            n++;
            ushort cx = --_r[CX];
            if (cx == 0 || (compares && ((_flags & ZF) != 0) == untilEqual))
            {
                _repInProgress = false;
                return n;
            }
            if (n >= max || _events != 0) return Pause(op, n);
        }
    }

    /// <summary>
    /// Stops a REP instruction between iterations, IP back at its first prefix; returns <paramref name="n"/>.
    /// Stopped by the budget alone, it goes on at the next run as it was decoded (EvRepResume), so a
    /// run cut in two does what one run does even when the instruction wrote over its own bytes (a
    /// real CPU does not fetch it again either); stopped for an event, it is fetched again afterwards.
    /// </summary>
    private long Pause(int op, long n)
    {
        if (_events == 0)
        {
            _resumeOp = op;
            _resumeRep = _rep;
            _resumeSegment = _segOverride;
            _resumeNextIp = _ip;
            _events = EvRepResume;
        }
        _ip = _instructionStart;
        _repInProgress = true;
        return n;
    }


    /// <summary>
    /// REP MOVS/STOS going forward, done a block at a time: as many iterations as stay inside one
    /// page of each operand and inside the segments, copied or filled at once. Stops (returning the
    /// iterations done, possibly 0) where the block way cannot stand for the iterations: backwards,
    /// a write to a page without a write pointer, a word overlap that the iterations would smear.
    /// </summary>
    private long MoveOrStoreInBlocks(int op, long max)
    {
        if ((_flags & DF) != 0) return 0;
        bool move = op <= 0xA5;
        int size = (op & 1) + 1;
        long n = 0;
        while (_r[CX] != 0 && n < max)
        {
            uint di = _r[DI];
            uint dstAddress = (SegmentBase(ES) + di) & AddressMask;
            byte* dstPage = _writePages[dstAddress >> MemoryMap.PageShift];
            if (dstPage == null) break;
            byte* dst = dstPage + (dstAddress & MemoryMap.PageMask);
            uint room = Math.Min(0x10000 - di, MemoryMap.PageSize - (dstAddress & MemoryMap.PageMask));
            byte* src = null;
            if (move)
            {
                uint si = _r[SI];
                uint srcAddress = (SegmentBase(DataSegment) + si) & AddressMask;
                src = _readPages[srcAddress >> MemoryMap.PageShift] + (srcAddress & MemoryMap.PageMask);
                room = Math.Min(room, Math.Min(0x10000 - si, MemoryMap.PageSize - (srcAddress & MemoryMap.PageMask)));
            }
            int count = (int)Math.Min(Math.Min(_r[CX], max - n), room / (uint)size);
            if (count == 0) break; // an element straddles a page or the segment end: one at a time
            int bytes = count * size;
            if (move)
            {
                if (dst > src && dst < src + bytes)
                {
                    if (size == 2) break; // overlapping words: iteration by iteration
                    for (int i = 0; i < bytes; i++) dst[i] = src[i]; // forward byte copy replicates, as REP MOVSB does
                }
                else
                {
                    Buffer.MemoryCopy(src, dst, bytes, bytes);
                }
                _r[SI] += (ushort)bytes;
            }
            else if (size == 1) new Span<byte>(dst, bytes).Fill(GetReg8(AX));
            else new Span<ushort>(dst, count).Fill(_r[AX]);
            _r[DI] += (ushort)bytes;
            _r[CX] -= (ushort)count;
            n += count;
        }
        return n;
    }

    private void StringStep(int op)
    {
        int step = (_flags & DF) != 0 ? -1 : 1;
        switch (op)
        {
            case 0xA4:
                Write8(SegmentBase(ES), _r[DI], Read8(SegmentBase(DataSegment), _r[SI]));
                _r[SI] += (ushort)step; _r[DI] += (ushort)step;
                break;
            case 0xA5:
                Write16(SegmentBase(ES), _r[DI], Read16(SegmentBase(DataSegment), _r[SI]));
                _r[SI] += (ushort)(step * 2); _r[DI] += (ushort)(step * 2);
                break;
            case 0xA6:
                OpCmp.Op8(ref _flags, Read8(SegmentBase(DataSegment), _r[SI]), Read8(SegmentBase(ES), _r[DI]));
                _r[SI] += (ushort)step; _r[DI] += (ushort)step;
                break;
            case 0xA7:
                {
                    int a = Read16(SegmentBase(DataSegment), _r[SI]);
                    OpCmp.Op16(ref _flags, a, Read16(SegmentBase(ES), _r[DI]));
                    _r[SI] += (ushort)(step * 2); _r[DI] += (ushort)(step * 2);
                    break;
                }
            case 0xAA:
                Write8(SegmentBase(ES), _r[DI], GetReg8(AX));
                _r[DI] += (ushort)step;
                break;
            case 0xAB:
                Write16(SegmentBase(ES), _r[DI], _r[AX]);
                _r[DI] += (ushort)(step * 2);
                break;
            case 0xAC:
                SetReg8(AX, Read8(SegmentBase(DataSegment), _r[SI]));
                _r[SI] += (ushort)step;
                break;
            case 0xAD:
                _r[AX] = Read16(SegmentBase(DataSegment), _r[SI]);
                _r[SI] += (ushort)(step * 2);
                break;
            case 0xAE:
                OpCmp.Op8(ref _flags, GetReg8(AX), Read8(SegmentBase(ES), _r[DI]));
                _r[DI] += (ushort)step;
                break;
            case 0xAF:
                OpCmp.Op16(ref _flags, _r[AX], Read16(SegmentBase(ES), _r[DI]));
                _r[DI] += (ushort)(step * 2);
                break;
            case 0x6C:
                Write8(SegmentBase(ES), _r[DI], _io.In8(_r[DX]));
                _r[DI] += (ushort)step;
                break;
            case 0x6D:
                if (TModel.Is286 && _r[DI] == 0xFFFF) { WordStringFault(DI, step, cxDecrements: 2); break; }
                Write16(SegmentBase(ES), _r[DI], _io.In16(_r[DX]));
                _r[DI] += (ushort)(step * 2);
                break;
            case 0x6E:
                _io.Out8(_r[DX], Read8(SegmentBase(DataSegment), _r[SI]));
                _r[SI] += (ushort)step;
                break;
            default: // 6Fh
                if (TModel.Is286 && _r[SI] == 0xFFFF) { WordStringFault(SI, step, cxDecrements: 1); break; }
                _io.Out16(_r[DX], Read16(SegmentBase(DataSegment), _r[SI]));
                _r[SI] += (ushort)(step * 2);
                break;
        }
    }

    /// <summary>
    /// 286: INSW/OUTSW with its word at offset FFFFh. The hardware vectors show the #GP arriving
    /// after the pointer has moved on and, under REP, after CX has counted down (twice for INSW,
    /// whose next iteration has already begun); IP still points at the instruction.
    /// </summary>
    private void WordStringFault(int pointer, int step, int cxDecrements)
    {
        _r[pointer] += (ushort)(step * 2);
        if (_rep != 0) _r[CX] -= (ushort)cxDecrements;
        Fault(13);
    }
}
