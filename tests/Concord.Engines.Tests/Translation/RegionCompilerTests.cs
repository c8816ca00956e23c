using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Concord.Engines.Translator;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Translation;

/// <summary>What the region compiler makes of a plan: IL small enough for RyuJIT to optimise.</summary>
public sealed class RegionCompilerTests
{
    private static readonly HashSet<uint> NoVolatileBytes = [];

    /// <summary>
    /// A loop of as many memory-heavy instructions as a region holds (read-modify-writes of words through
    /// based and indexed addresses, stack operations, string stores, shifts of memory, compares with a
    /// branch), then LOOP and HLT.
    /// </summary>
    private static Assembled LoadMemoryHeavyLoop(TestMachine m, int instructions)
    {
        var a = new Assembler(16);
        Label top = a.CreateLabel();
        a.mov(cx, 100);
        a.Label(ref top);
        int emitted = 0;
        for (int k = 0; emitted < instructions; k++)
        {
            int d = (k * 6) & 0x7F;
            switch (k % 10)
            {
                case 0: a.add(__word_ptr[bx + si + d], ax); break;
                case 1: a.adc(__word_ptr[bp + di + d], 5); break;
                case 2: a.mov(__word_ptr[di + d], dx); break;
                case 3: a.inc(__word_ptr[bx + d]); break;
                case 4: a.sub(ax, __word_ptr[si + d]); break;
                case 5: a.push(__word_ptr[bx + d]); a.pop(__word_ptr[di + d]); emitted++; break;
                case 6: a.shl(__word_ptr[bp + d], 1); break;
                case 7: a.xchg(__word_ptr[si + d], cx); break;
                case 8:
                    {
                        Label next = a.CreateLabel();
                        a.cmp(__word_ptr[bx + di + d], ax);
                        a.jne(next);
                        a.stosw();
                        a.Label(ref next);
                        emitted += 2;
                        break;
                    }
                default: a.sbb(dx, __word_ptr[bp + si + d]); break;
            }
            emitted++;
        }
        a.loop(top);
        a.hlt();
        return m.Load(a);
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_full_region_of_memory_heavy_code_stays_within_the_limits_of_an_optimised_compile(CpuModel model)
    {
        using var m = new TestMachine(EngineKind.Interp, model);
        Assembled program = LoadMemoryHeavyLoop(m, 240);
        var planner = new RegionPlanner(m.Map, model == CpuModel.I80286, TranslatorOptions.Default, NoVolatileBytes);
        RegionPlan plan = planner.Plan(TestMachine.CodeSegment, program.Origin)!;
        Assert.True(plan.Instructions.Length >= 240, $"the region holds {plan.Instructions.Length} instructions");
        Assert.All(plan.Instructions[..^1], g => Assert.True(g.Translated, $"{g} is left to the interpreter"));

        RegionCompiler.Compile(plan, out IlShape shape);

        // Past any of these RyuJIT compiles the region without optimising it (about half the speed). A twentieth
        // is kept in hand: local references are the tight one (about 7,300 on the 8086, which also records each
        // operand's address for the interpreter; 7,800 before writes were one helper call each).
        Assert.True(shape.Bytes < IlShape.MaxBytes * 19 / 20, $"{shape}");
        Assert.True(shape.Instructions < IlShape.MaxInstructions * 19 / 20, $"{shape}");
        Assert.True(shape.LocalReferences < IlShape.MaxLocalReferences * 19 / 20, $"{shape}");
        Assert.True(shape.Blocks < IlShape.MaxBlocks * 19 / 20, $"{shape}");
    }
}
