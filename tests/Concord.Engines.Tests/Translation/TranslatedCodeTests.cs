using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Concord.Engines.Translator;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Translation;

/// <summary>The translator runs hot code as compiled code, and compiled code gives the interpreter's results and counts.</summary>
public sealed class TranslatedCodeTests
{
    /// <summary>The bitwise CRC-16 of the benchmarks: LODSB, XOR, SHL, JNC, XOR, LOOP, DEC, JNZ.</summary>
    private static void Crc16(Assembler a, int bytes)
    {
        Label nextByte = a.CreateLabel(), nextBit = a.CreateLabel(), noXor = a.CreateLabel();
        a.cld();
        a.mov(dx, 0xFFFF);
        a.xor(si, si);
        a.mov(di, (ushort)bytes);
        a.Label(ref nextByte);
        a.lodsb();
        a.xor(dh, al);
        a.mov(cx, 8);
        a.Label(ref nextBit);
        a.shl(dx, 1);
        a.jnc(noXor);
        a.xor(dx, 0x1021);
        a.Label(ref noXor);
        a.loop(nextBit);
        a.dec(di);
        a.jnz(nextByte);
        a.hlt();
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_hot_loop_runs_as_compiled_code_with_the_interpreters_result_and_count(CpuModel model)
    {
        const int bytes = 2048;
        var results = new List<(CpuState State, long Count, TranslatorStatistics? Stats)>();
        foreach (EngineKind engine in new[] { EngineKind.Interp, EngineKind.Jit })
        {
            using var m = new TestMachine(engine, model);
            for (int i = 0; i < bytes; i++) m.Write8(TestMachine.DataSegment, (ushort)i, (byte)(i * 37 + 11));
            var a = new Assembler(16);
            Crc16(a, bytes);
            m.Load(a);
            m.Start();
            m.RunToHalt();
            results.Add((m.State, m.Cpu.InstructionCount, (m.Cpu as Concord.Engines.Translator.Translator)?.Statistics));
        }
        Assert.Equal(results[0].State.ToString(), results[1].State.ToString());
        Assert.Equal(results[0].Count, results[1].Count);
        TranslatorStatistics stats = results[1].Stats!;
        Assert.True(stats.TranslatedInstructions > results[1].Count * 99 / 100,
            $"only {stats.TranslatedInstructions} of {results[1].Count} instructions ran translated: {stats}");
    }
}
