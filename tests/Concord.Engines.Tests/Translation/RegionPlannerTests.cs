using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Concord.Engines.Translator;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Translation;

/// <summary>
/// What the planner makes a region of: the same region wherever in a loop nest the hot sample fell, loop heads
/// at the targets of backward jumps, and nothing after a HLT.
/// </summary>
public sealed class RegionPlannerTests
{
    private static readonly HashSet<uint> NoVolatileBytes = [];

    /// <summary>The loaded program, the offsets of the nest's instructions, of its three loop heads and of the HLT, and a planner over the machine's memory.</summary>
    private sealed record CrcNest(Assembled Program, ushort[] LoopIps, ushort[] Heads, ushort Hlt, RegionPlanner Planner)
    {
        public RegionPlan Plan(ushort seed) => Planner.Plan(TestMachine.CodeSegment, seed)!;
    }

    /// <summary>The benchmarks' bitwise CRC-16 in a repeat loop, then HLT (and, behind it, zeros: not code).</summary>
    private static CrcNest LoadCrcNest(TestMachine m)
    {
        var a = new Assembler(16);
        Label outer = a.CreateLabel(), nextByte = a.CreateLabel(), nextBit = a.CreateLabel(), noXor = a.CreateLabel(),
              end = a.CreateLabel(), halt = a.CreateLabel();
        a.cld();
        a.Label(ref outer);
        a.mov(dx, 0xFFFF);
        a.xor(si, si);
        a.mov(di, 4096);
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
        a.dec(bp);
        a.Label(ref end);
        a.jnz(outer);
        a.Label(ref halt);
        a.hlt();
        Assembled program = m.Load(a);
        var loop = new List<ushort>();
        var decoder = Iced.Intel.Decoder.Create(16, program.Bytes, program.Origin);
        foreach (Instruction i in decoder)
            if (i.IP >= program.Ip(outer) && i.IP <= program.Ip(end)) loop.Add((ushort)i.IP);
        var planner = new RegionPlanner(m.Map, m.Model == CpuModel.I80286, TranslatorOptions.Default, NoVolatileBytes);
        return new CrcNest(program, [.. loop], [program.Ip(outer), program.Ip(nextByte), program.Ip(nextBit)], program.Ip(halt), planner);
    }

    private static ushort[] Ips(RegionPlan plan, IEnumerable<int> indexes) => [.. indexes.Select(i => plan.Ips[i])];

    private static ushort[] CheckSites(RegionPlan plan) => Ips(plan, Enumerable.Range(0, plan.Ips.Length).Where(i => plan.IsCheckSite[i]));

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_loop_nest_is_planned_alike_from_every_instruction_in_it(CpuModel model)
    {
        using var m = new TestMachine(EngineKind.Interp, model);
        CrcNest nest = LoadCrcNest(m);

        RegionPlan first = nest.Plan(nest.LoopIps[0]);
        Assert.Equal(nest.Heads, CheckSites(first));
        foreach (ushort seed in nest.LoopIps)
        {
            RegionPlan plan = nest.Plan(seed);
            Assert.Equal(first.Ips, plan.Ips);
            Assert.Equal(CheckSites(first), CheckSites(plan));
            // Every seed is on a loop: none of them is an entry for being the seed, so the entries are the same too.
            Assert.Equal(Ips(first, first.Entries), Ips(plan, plan.Entries));
        }
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_seed_off_every_loop_is_an_entry(CpuModel model)
    {
        using var m = new TestMachine(EngineKind.Interp, model);
        CrcNest nest = LoadCrcNest(m);

        ushort origin = nest.Program.Origin; // CLD, before the nest
        RegionPlan fromStart = nest.Plan(origin);
        RegionPlan inLoop = nest.Plan(nest.LoopIps[0]);
        Assert.Contains(origin, Ips(fromStart, fromStart.Entries));
        Assert.DoesNotContain(origin, Ips(inLoop, inLoop.Entries));
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_region_ends_at_HLT(CpuModel model)
    {
        using var m = new TestMachine(EngineKind.Interp, model);
        CrcNest nest = LoadCrcNest(m);

        RegionPlan plan = nest.Plan(nest.LoopIps[^1]);
        Assert.Equal(nest.Hlt, plan.Ips[^1]);
        Assert.Equal(nest.LoopIps.Length + 1, plan.Ips.Length); // the nest and the HLT; not the zeros behind it (ADD [BX+SI],AL)
    }
}
