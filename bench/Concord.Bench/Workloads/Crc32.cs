using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The 32-bit variant of <see cref="Crc16"/>: the reflected CRC-32 (IEEE) of 4 KiB, bit by bit: LODSB, XOR, SHR EDX, JNC, XOR EDX, LOOP.</summary>
public sealed class Crc32 : Workload
{
    private const int Bytes = 4096;
    private const uint Polynomial = 0xEDB88320;

    public override string Name => "crc32";
    public override string Description => "bitwise CRC-32 of 4 KiB with LODSB/SHR EDX/JNC/XOR EDX (per repeat)";
    public override ushort RepeatsPerRun => 40;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextByte = asm.CreateLabel(), nextBit = asm.CreateLabel(), noXor = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        asm.mov(edx, 0xFFFF_FFFF);
        asm.xor(si, si);
        asm.mov(di, Bytes);
        asm.Label(ref nextByte);
        asm.lodsb();
        asm.xor(dl, al);
        asm.mov(cx, 8);
        asm.Label(ref nextBit);
        asm.shr(edx, 1);
        asm.jnc(noXor);
        asm.xor(edx, Polynomial);
        asm.Label(ref noXor);
        asm.loop(nextBit);
        asm.dec(di);
        asm.jnz(nextByte);
        asm.not(edx);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    private static byte DataByte(int i) => (byte)(i * 31 + (i >> 3) + 0x5A);

    public override void Prepare(MemoryMap memory)
    {
        for (int i = 0; i < Bytes; i++) memory.Write8(Linear(DataSegment, (ushort)i), DataByte(i));
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        uint crc = 0xFFFF_FFFF;
        for (int i = 0; i < Bytes; i++)
        {
            crc ^= DataByte(i);
            for (int b = 0; b < 8; b++) crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
        }
        crc = ~crc;
        return state.EDX == crc ? null : $"expected CRC {crc:X8}h in EDX, got {state.EDX:X8}h";
    }
}
