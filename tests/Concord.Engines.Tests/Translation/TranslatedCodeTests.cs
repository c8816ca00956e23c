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

    /// <summary>Runs <paramref name="load"/>'s program to HLT on both engines; returns both states, counts and the jit's statistics.</summary>
    private static (string Interp, string Jit, long InterpCount, long JitCount, ushort Result, TranslatorStatistics Stats) Both(
        CpuModel model, Action<TestMachine> load, Func<CpuState, ushort> result, TranslatorOptions? jit = null)
    {
        var runs = new List<(CpuState State, long Count, TranslatorStatistics? Stats)>();
        foreach (EngineKind engine in new[] { EngineKind.Interp, EngineKind.Jit })
        {
            using var m = new TestMachine(engine, model, jit: jit);
            load(m);
            m.Start();
            m.RunToHalt();
            runs.Add((m.State, m.Cpu.InstructionCount, (m.Cpu as Concord.Engines.Translator.Translator)?.Statistics));
        }
        return (runs[0].State.ToString(), runs[1].State.ToString(), runs[0].Count, runs[1].Count, result(runs[1].State), runs[1].Stats!);
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_loop_that_patches_its_own_immediate_adds_each_new_value(CpuModel model)
    {
        // L: add bx, imm16 / inc word [cs:L+2] / loop L: BX = 1 + 2 + ... + 1000 (mod 65536) only if every
        // pass runs the immediate as the previous pass left it; stale compiled code would give 1000.
        const ushort o = TestMachine.CodeOrigin, l = o + 5, imm = l + 2;
        byte[] program =
        [
            0xB9, 0xE8, 0x03,                       // mov cx, 1000
            0x31, 0xDB,                             // xor bx, bx
            0x81, 0xC3, 0x01, 0x00,                 // L: add bx, 0001h
            0x2E, 0xFF, 0x06, imm & 0xFF, imm >> 8, // inc word [cs:L+2]
            0xE2, 0xF5,                             // loop L
            0xF4,                                   // hlt
        ];
        var r = Both(model, m => m.WriteBytes(TestMachine.CodeSegment, o, program), s => s.BX);

        Assert.Equal((ushort)(500500 % 65536), r.Result);
        Assert.Equal(r.Interp, r.Jit);
        Assert.Equal(r.InterpCount, r.JitCount);
        Assert.True(r.Stats.TranslatedInstructions > 0 && r.Stats.Invalidated > 0, r.Stats.ToString());
        // The patched ADD is left to the interpreter after the first patch drops its region, so the loop is not
        // compiled and dropped a thousand times, and the INC and LOOP around it still run translated.
        Assert.True(r.Stats.Invalidated <= 2, $"the loop was dropped {r.Stats.Invalidated} times: {r.Stats}");
        Assert.True(r.Stats.TranslatedInstructions > r.JitCount / 2, r.Stats.ToString());
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Code_written_by_rep_movsb_then_called_runs_as_written(CpuModel model) =>
        CopiedRoutine(model, routine: 0x0300);

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_page_whose_code_is_rewritten_again_and_again_goes_back_to_the_interpreter(CpuModel model)
    {
        // The routine two pages away from the code that rewrites it: not "next to the writer", so nothing
        // marks its bytes volatile; after CodeCache.ChurnLimit drops its page is no longer compiled.
        var r = CopiedRoutine(model, routine: 0x2300);

        Assert.True(r.Stats.Invalidated <= 32 + 1, // CodeCache.ChurnLimit, then the page stays interpreted
            $"the routine was dropped {r.Stats.Invalidated} times: {r.Stats}");
    }

    /// <summary>
    /// The same bytes run first as CS:IP and then, for good, through another segment (CS-1:IP+16, the same linear
    /// address): code a DOS reaches through two segments. The first segment's region keeps the address's slot,
    /// so the second runs interpreted. Before, the jit compiled a region for the second segment, saw it could not
    /// take the slot and compiled it again, for ever (never entered, each new region was the first evicted):
    /// a random differential case held CI for 90 minutes.
    /// </summary>
    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Code_reached_through_a_second_segment_runs_on_without_compiling_again_and_again(CpuModel model)
    {
        const ushort o = TestMachine.CodeOrigin, alias = TestMachine.CodeSegment - 1, aliasIp = o + 16;
        byte[] program =
        [
            0x40,                                           // o:    inc ax
            0x3D, 0xF4, 0x01,                               // o+1:  cmp ax, 500
            0x74, 0x05,                                     // o+4:  je o+11
            0xEA, aliasIp & 0xFF, aliasIp >> 8,             // o+6:  jmp far alias:aliasIp (the linear address of o)
            alias & 0xFF, alias >> 8,
            0xF4,                                           // o+11: hlt
        ];
        var r = Both(model, m => m.WriteBytes(TestMachine.CodeSegment, o, program), s => s.AX);

        Assert.Equal(500, r.Result);
        Assert.Equal(r.Interp, r.Jit);
        Assert.Equal(r.InterpCount, r.JitCount);
        Assert.True(r.Stats.RegionsCompiled <= 4, $"compiled {r.Stats.RegionsCompiled} regions for one loop: {r.Stats}");
    }

    /// <summary>
    /// Twelve routines, each on a page of its own, called in turn 20 times, with a code cache that holds about three of
    /// their regions: regions are evicted and compiled again all along, the cache stays within its limit, and the
    /// result and count are the interpreter's (what stays after each eviction is found and entered as before).
    /// </summary>
    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_small_code_cache_evicts_and_compiles_again_with_the_interpreters_result(CpuModel model)
    {
        const int routines = 12;
        const long limit = 4096;
        var r = Both(model, m =>
        {
            var a = new Assembler(16);
            Label outer = a.CreateLabel();
            a.xor(ax, ax);
            a.mov(bp, 20);
            a.Label(ref outer);
            for (int i = 0; i < routines; i++) a.call(Routine(i));
            a.dec(bp);
            a.jnz(outer);
            a.hlt();
            m.Load(a);
            for (int i = 0; i < routines; i++)
            {
                // add ax, cx * (i + 1) for cx = 30 .. 1: mov cx, 30 / L: mov dx, cx / imul-free sum: add ax, dx (i + 1 times) / loop L / ret
                var routine = new Assembler(16);
                Label loop = routine.CreateLabel();
                routine.mov(cx, 30);
                routine.Label(ref loop);
                for (int k = 0; k <= i; k++) routine.add(ax, cx);
                routine.loop(loop);
                routine.ret();
                m.Load(routine, origin: (ushort)Routine(i));
            }
        }, s => s.AX, TestEngines.Jit with { CodeCacheLimitBytes = limit });

        int expected = 0;
        for (int i = 0; i < routines; i++) expected += (i + 1) * (30 * 31 / 2);
        Assert.Equal((ushort)(20 * expected), r.Result);
        Assert.Equal(r.Interp, r.Jit);
        Assert.Equal(r.InterpCount, r.JitCount);
        Assert.True(r.Stats.Evicted > routines, $"evicted {r.Stats.Evicted}: {r.Stats}");
        Assert.True(r.Stats.CacheBytes <= limit, $"the cache holds {r.Stats.CacheBytes} bytes of IL, past its limit of {limit}: {r.Stats}");
        Assert.True(r.Stats.TranslatedInstructions > r.JitCount / 2, $"only {r.Stats.TranslatedInstructions} of {r.JitCount} ran translated: {r.Stats}");
    }

    private static ulong Routine(int i) => 0x2000 + (ulong)i * 0x1000;

    private static (string Interp, string Jit, long InterpCount, long JitCount, ushort Result, TranslatorStatistics Stats) CopiedRoutine(CpuModel model, ushort routine)
    {
        // 200 times: put the counter into the immediate of "add dx, imm16 / ret" in the data segment,
        // copy those 5 bytes over the routine with REP MOVSB and call it.
        var r = Both(model, m =>
        {
            m.WriteBytes(TestMachine.DataSegment, 0, [0x81, 0xC2, 0x00, 0x00, 0xC3]);
            m.WriteBytes(TestMachine.CodeSegment, routine, [0xF4, 0xF4, 0xF4, 0xF4, 0xF4]);
            var a = new Assembler(16);
            Label outer = a.CreateLabel();
            a.xor(dx, dx);
            a.mov(bp, 200);
            a.push(cs);
            a.pop(es);
            a.cld();
            a.Label(ref outer);
            a.mov(__word_ptr[2], bp);
            a.xor(si, si);
            a.mov(di, routine);
            a.mov(cx, 5);
            a.rep.movsb();
            a.call((ulong)routine);
            a.dec(bp);
            a.jnz(outer);
            a.hlt();
            m.Load(a);
        }, s => s.DX);

        Assert.Equal((ushort)(200 * 201 / 2), r.Result);
        Assert.Equal(r.Interp, r.Jit);
        Assert.Equal(r.InterpCount, r.JitCount);
        Assert.True(r.Stats.TranslatedInstructions > 0 && r.Stats.Invalidated > 0, r.Stats.ToString());
        return r;
    }
}
