using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>CRC-16/CCITT-FALSE of 4 KiB, bit by bit: LODSB, XOR, SHL, JNC, XOR, LOOP.</summary>
public sealed class Crc16 : Workload
{
    private const int Bytes = 4096;
    private const ushort Polynomial = 0x1021;

    public override string Name => "crc16";
    public override string Description => "bitwise CRC-16/CCITT of 4 KiB with LODSB/SHL/JNC/XOR (per repeat)";
    public override ushort RepeatsPerRun => 40;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextByte = asm.CreateLabel(), nextBit = asm.CreateLabel(), noXor = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        asm.mov(dx, 0xFFFF);
        asm.xor(si, si);
        asm.mov(di, Bytes);
        asm.Label(ref nextByte);
        asm.lodsb();
        asm.xor(dh, al);
        asm.mov(cx, 8);
        asm.Label(ref nextBit);
        asm.shl(dx, 1);
        asm.jnc(noXor);
        asm.xor(dx, Polynomial);
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
        ushort crc = 0xFFFF;
        for (int i = 0; i < Bytes; i++)
        {
            crc ^= (ushort)(DataByte(i) << 8);
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ Polynomial) : (ushort)(crc << 1);
        }
        return state.DX == crc ? null : $"expected CRC {crc:X4}h in DX, got {state.DX:X4}h";
    }
}
