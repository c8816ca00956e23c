using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>
/// CRC-16/CCITT-FALSE of 4 KiB, bit by bit: LODSB, XOR, SHL, JNC, XOR, LOOP. The 32-bit variant
/// computes CRC-32/MPEG-2 (the same MSB-first loop with EDX and polynomial 04C11DB7h).
/// </summary>
public sealed class Crc16(bool wide = false) : Workload
{
    private const int Bytes = 4096;
    private uint Polynomial => wide ? 0x04C11DB7u : 0x1021u;
    private int Width => wide ? 32 : 16;

    public override string Name => wide ? "crc32" : "crc16";
    public override string Description => wide
        ? "bitwise CRC-32/MPEG-2 of 4 KiB with LODSB/SHL EDX/JNC/XOR EDX (per repeat)"
        : "bitwise CRC-16/CCITT of 4 KiB with LODSB/SHL/JNC/XOR (per repeat)";
    public override ushort RepeatsPerRun => 40;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextByte = asm.CreateLabel(), nextBit = asm.CreateLabel(), noXor = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        if (wide) asm.mov(edx, 0xFFFF_FFFF);
        else asm.mov(dx, 0xFFFF);
        asm.xor(si, si);
        asm.mov(di, Bytes);
        asm.Label(ref nextByte);
        asm.lodsb();
        if (wide)
        {
            asm.shl(eax, 24); // the byte into the top of the register, as XOR DH,AL does for 16 bits
            asm.xor(edx, eax);
        }
        else asm.xor(dh, al);
        asm.mov(cx, 8);
        asm.Label(ref nextBit);
        if (wide) asm.shl(edx, 1);
        else asm.shl(dx, 1);
        asm.jnc(noXor);
        if (wide) asm.xor(edx, Polynomial);
        else asm.xor(dx, (ushort)Polynomial);
        asm.Label(ref noXor);
        asm.loop(nextBit);
        asm.dec(di);
        asm.jnz(nextByte);
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
        uint top = 1u << (Width - 1), mask = wide ? 0xFFFF_FFFFu : 0xFFFFu;
        uint crc = mask;
        for (int i = 0; i < Bytes; i++)
        {
            crc ^= (uint)DataByte(i) << (Width - 8);
            for (int b = 0; b < 8; b++) crc = ((crc & top) != 0 ? (crc << 1) ^ Polynomial : crc << 1) & mask;
        }
        uint got = state.EDX & mask;
        return got == crc ? null : $"expected CRC {crc:X}h in (E)DX, got {got:X}h";
    }
}
