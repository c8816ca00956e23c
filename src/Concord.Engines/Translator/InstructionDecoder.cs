using Concord.Core.Memory;

namespace Concord.Engines.Translator;

/// <summary>
/// Decodes real-mode instructions of the 8086 or the 80286 for the translator: lengths, operands and
/// control flow of every opcode, and which ones the translator compiles. Anything it does not compile
/// (rare, long, faulting, or able to change what code runs) is marked for the interpreter, which runs
/// it with the exact semantics; the translator only needs to know where execution resumes.
/// </summary>
internal sealed class InstructionDecoder(MemoryMap memory, bool is286)
{
    private const int MaxLength = 15; // longer prefix runs are left to the interpreter

    private readonly uint _addressMask = is286 ? 0xFFFFFFu : 0xFFFFFu;

    /// <summary>The instruction at <paramref name="cs"/>:<paramref name="ip"/>, or null when its bytes would wrap around the segment or the address space.</summary>
    public GuestInstruction? Decode(ushort cs, ushort ip)
    {
        uint linear = (((uint)cs << 4) + ip) & _addressMask;
        if (linear + MaxLength > _addressMask || ip + MaxLength > 0xFFFF) return null;
        var r = new Reader(memory, linear);
        int segment = -1;
        byte rep = 0;
        byte op;
        while (true)
        {
            if (r.Position >= MaxLength) return null;
            op = r.Byte();
            if (op is 0x26 or 0x2E or 0x36 or 0x3E) segment = (op >> 3) & 3;
            else if (op is 0xF2 or 0xF3) rep = op;
            else if (op is not (0xF0 or 0xF1)) break;
        }

        bool hasModRm = false;
        byte modrm = 0;
        EaBase ea = EaBase.Direct;
        int displacement = 0, eaSegment = 3;
        int immediate = 0, immediate2 = 0;
        Flow flow = Flow.Next;
        ushort target = 0;
        bool isCall = false, shadow = false, repString = false;

        void ModRm()
        {
            hasModRm = true;
            modrm = r.Byte();
            if (modrm >= 0xC0) return;
            int mod = modrm >> 6;
            ea = (modrm & 7) switch
            {
                0 => EaBase.BxSi, 1 => EaBase.BxDi, 2 => EaBase.BpSi, 3 => EaBase.BpDi,
                4 => EaBase.Si, 5 => EaBase.Di, 6 => mod == 0 ? EaBase.Direct : EaBase.Bp, _ => EaBase.Bx,
            };
            eaSegment = ea is EaBase.BpSi or EaBase.BpDi or EaBase.Bp ? 2 : 3;
            if (ea == EaBase.Direct) displacement = r.Word();
            else if (mod == 1) displacement = (sbyte)r.Byte();
            else if (mod == 2) displacement = (short)r.Word();
        }

        void Rel8(Flow f)
        {
            int d = (sbyte)r.Byte();
            flow = f;
            target = (ushort)(ip + r.Position + d);
        }

        int reg() => (modrm >> 3) & 7;

        switch (op)
        {
            case <= 0x3F when (op & 7) <= 5 && op is not (0x26 or 0x2E or 0x36 or 0x3E):
                // ALU forms; the segment pushes and pops share the low 3 bits 6 and 7
                if ((op & 7) <= 3) ModRm();
                else if ((op & 7) == 4) immediate = r.Byte();
                else immediate = r.Word();
                break;
            case 0x06: case 0x0E: case 0x16: case 0x1E:
                break;
            case 0x07: case 0x17: case 0x1F:
                shadow = !is286 || op == 0x17;
                break;
            case 0x0F:
                if (!is286) { flow = Flow.InterpretAndLeave; break; } // POP CS
                {
                    byte op2 = r.Byte();
                    if (op2 == 0x01) { ModRm(); flow = Flow.Interpret; }
                    else if (op2 == 0x06) flow = Flow.Interpret;
                    else flow = Flow.InterpretAndLeave; // LOADALL, #UD
                }
                break;
            case 0x27: case 0x2F: case 0x37: case 0x3F:
                flow = Flow.Interpret;
                break;
            case >= 0x40 and <= 0x5F:
                break;
            case >= 0x60 and <= 0x6F:
                if (!is286) { Rel8(Flow.Branch); break; }
                switch (op)
                {
                    case 0x60: case 0x61: case 0x6C: case 0x6D: case 0x6E: case 0x6F: flow = Flow.Interpret; break;
                    case 0x62: ModRm(); flow = Flow.Interpret; break;
                    case 0x68: immediate = r.Word(); break;
                    case 0x69: ModRm(); immediate = r.Word(); break;
                    case 0x6A: immediate = r.Byte(); break;
                    case 0x6B: ModRm(); immediate = r.Byte(); break;
                    default: flow = Flow.InterpretAndLeave; break; // 63h-67h: #UD
                }
                break;
            case >= 0x70 and <= 0x7F:
                Rel8(Flow.Branch);
                break;
            case 0x80: case 0x82: case 0x83:
                ModRm();
                immediate = r.Byte();
                break;
            case 0x81:
                ModRm();
                immediate = r.Word();
                break;
            case >= 0x84 and <= 0x8B:
                ModRm();
                break;
            case 0x8C:
                ModRm();
                if (is286 && reg() > 3) flow = Flow.InterpretAndLeave;
                break;
            case 0x8D:
                ModRm();
                if (modrm >= 0xC0) flow = is286 ? Flow.InterpretAndLeave : Flow.Interpret;
                break;
            case 0x8E:
                ModRm();
                if (is286 ? reg() > 3 || reg() == 1 : (reg() & 3) == 1) flow = Flow.InterpretAndLeave; // CS, or #UD
                shadow = !is286 || reg() == 2;
                break;
            case 0x8F:
                ModRm();
                if (is286 && reg() != 0) flow = Flow.InterpretAndLeave;
                break;
            case >= 0x90 and <= 0x99:
            case 0x9B: case 0x9C: case 0x9E: case 0x9F:
                break;
            case 0x9A: case 0xEA:
                immediate = r.Word();
                immediate2 = r.Word();
                flow = Flow.InterpretAndLeave;
                break;
            case 0x9D:
                flow = Flow.Interpret;
                break;
            case >= 0xA0 and <= 0xA3:
                immediate = r.Word();
                break;
            case >= 0xA4 and <= 0xA7: case >= 0xAA and <= 0xAF:
                if (rep != 0) { flow = Flow.Interpret; repString = true; }
                break;
            case 0xA8: immediate = r.Byte(); break;
            case 0xA9: immediate = r.Word(); break;
            case >= 0xB0 and <= 0xB7: immediate = r.Byte(); break;
            case >= 0xB8 and <= 0xBF: immediate = r.Word(); break;
            case 0xC0: case 0xC1:
                if (is286) { ModRm(); immediate = r.Byte(); }
                else { if (op == 0xC0) immediate = r.Word(); flow = Flow.Indirect; } // RET aliases
                break;
            case 0xC2: immediate = r.Word(); flow = Flow.Indirect; break;
            case 0xC3: flow = Flow.Indirect; break;
            case 0xC4: case 0xC5:
                ModRm();
                if (modrm >= 0xC0) flow = is286 ? Flow.InterpretAndLeave : Flow.Interpret;
                break;
            case 0xC6:
                ModRm();
                immediate = r.Byte();
                if (is286 && reg() != 0) flow = Flow.InterpretAndLeave;
                break;
            case 0xC7:
                ModRm();
                immediate = r.Word();
                if (is286 && reg() != 0) flow = Flow.InterpretAndLeave;
                break;
            case 0xC8:
                if (is286) { immediate = r.Word(); immediate2 = r.Byte(); flow = Flow.Interpret; }
                else { immediate = r.Word(); flow = Flow.InterpretAndLeave; } // RETF imm16 alias
                break;
            case 0xC9:
                if (!is286) flow = Flow.InterpretAndLeave; // RETF alias; LEAVE on the 286
                break;
            case 0xCA: immediate = r.Word(); flow = Flow.InterpretAndLeave; break;
            case 0xCB: case 0xCF: flow = Flow.InterpretAndLeave; break;
            case 0xCC: case 0xCE: flow = Flow.Interpret; break;
            case 0xCD: immediate = r.Byte(); flow = Flow.Interpret; break;
            case >= 0xD0 and <= 0xD3:
                ModRm();
                if (!is286 && reg() == 6) flow = Flow.Interpret; // SETMO
                break;
            case 0xD4: case 0xD5: immediate = r.Byte(); flow = Flow.Interpret; break;
            case 0xD6: case 0xD7: break;
            case >= 0xD8 and <= 0xDF: ModRm(); break;
            case >= 0xE0 and <= 0xE3: Rel8(Flow.Branch); break;
            case >= 0xE4 and <= 0xE7: immediate = r.Byte(); break;
            case 0xE8:
                {
                    int d = r.Word();
                    flow = Flow.Call;
                    isCall = true;
                    target = (ushort)(ip + r.Position + d);
                    break;
                }
            case 0xE9:
                {
                    int d = r.Word();
                    flow = Flow.Jump;
                    target = (ushort)(ip + r.Position + d);
                    break;
                }
            case 0xEB: Rel8(Flow.Jump); break;
            case >= 0xEC and <= 0xEF: break;
            case 0xF4: case 0xFB: flow = Flow.Interpret; break;
            case 0xF5: case 0xF8: case 0xF9: case 0xFA: case 0xFC: case 0xFD: break;
            case 0xF6:
                ModRm();
                if (reg() <= 1) immediate = r.Byte();
                break;
            case 0xF7:
                ModRm();
                if (reg() <= 1) immediate = r.Word();
                break;
            case 0xFE:
                ModRm();
                if (reg() > 1) flow = Flow.InterpretAndLeave;
                break;
            case 0xFF:
                ModRm();
                switch (reg())
                {
                    case 2: flow = Flow.Indirect; isCall = true; break;
                    case 3: case 5: flow = Flow.InterpretAndLeave; break;
                    case 4: flow = Flow.Indirect; break;
                    case 7: if (is286) flow = Flow.InterpretAndLeave; break;
                }
                break;
            default:
                flow = Flow.InterpretAndLeave;
                break;
        }

        if (r.Position > MaxLength) return null;
        if (rep != 0 && !repString && flow != Flow.InterpretAndLeave)
        {
            // A REP prefix on anything but a string instruction: the 8086 has quirks there (IMUL,
            // IDIV); the interpreter knows them.
            flow = flow == Flow.Next ? Flow.Interpret : Flow.InterpretAndLeave;
        }
        if (segment >= 0 && hasModRm && modrm < 0xC0) eaSegment = segment;

        return new GuestInstruction
        {
            Ip = ip, Linear = linear, Length = r.Position, Op = op, SegmentOverride = segment, Rep = rep,
            HasModRm = hasModRm, ModRm = modrm, EaBase = ea, Displacement = displacement, EaSegment = eaSegment,
            Immediate = immediate, Immediate2 = immediate2, Flow = flow, Target = target, IsCall = isCall,
            SetsShadow = shadow && flow == Flow.Next, IsRepString = repString,
        };
    }

    /// <summary>Reads the instruction's bytes in order through the memory map.</summary>
    private struct Reader(MemoryMap memory, uint start)
    {
        public int Position;

        public byte Byte() => memory.Read8(start + (uint)Position++);

        public int Word()
        {
            int lo = Byte();
            return lo | Byte() << 8;
        }
    }
}
