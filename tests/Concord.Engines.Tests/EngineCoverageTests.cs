using Concord.Core.Cpu;

namespace Concord.Engines.Tests;

/// <summary>Every conformance test class runs on every engine the factory knows.</summary>
public sealed class EngineCoverageTests
{
    [Fact]
    public void Every_conformance_class_runs_on_every_known_engine()
    {
        Type[] types = typeof(EngineCoverageTests).Assembly.GetTypes();
        Type[] bases = types.Where(t => t.IsClass && t.IsAbstract && typeof(IEngineConformance).IsAssignableFrom(t)).ToArray();
        Assert.NotEmpty(bases);
        var missing = new List<string>();
        foreach (Type b in bases)
        {
            var covered = types.Where(t => !t.IsAbstract && t.IsSubclassOf(b))
                .Select(t => ((IEngineConformance)Activator.CreateInstance(t)!).Engine)
                .ToHashSet();
            foreach (EngineKind engine in EngineFactory.Known)
                if (!covered.Contains(engine)) missing.Add($"{b.Name} on {engine.Name()}");
        }
        Assert.True(missing.Count == 0, "conformance classes without a subclass for an engine: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_factory_makes_a_vcpu_of_every_known_engine_and_refuses_the_others()
    {
        using var map = new Core.Memory.MemoryMap();
        var factory = new EngineFactory();
        foreach (EngineKind engine in EngineFactory.Known)
        {
            IVcpu cpu = factory.Create(engine, new VcpuOptions { Model = CpuModel.I80286 }, map, Core.Io.OpenBus.Instance);
            Assert.Equal((engine.Name(), CpuModel.I80286), (cpu.Engine, cpu.Model));
        }
        foreach (EngineKind engine in Enum.GetValues<EngineKind>().Except(EngineFactory.Known).Except([EngineKind.Auto]))
        {
            Assert.False(EngineFactory.IsAvailable(engine, out string reason));
            Assert.Contains(engine.Name(), reason, StringComparison.Ordinal);
            var e = Assert.Throws<ArgumentException>(() => factory.Create(engine, new VcpuOptions(), map, Core.Io.OpenBus.Instance));
            Assert.Contains(engine.Name(), e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Auto_is_the_jit_on_the_8086_and_80286_and_the_interpreter_on_the_80386()
    {
        using var map = new Core.Memory.MemoryMap();
        var factory = new EngineFactory();
        Assert.True(EngineFactory.IsAvailable(EngineKind.Auto, out _));
        foreach (CpuModel model in Enum.GetValues<CpuModel>())
        {
            EngineKind expected = model is CpuModel.I8086 or CpuModel.I80286 ? EngineKind.Jit : EngineKind.Interp;
            Assert.Equal(expected, EngineFactory.Resolve(EngineKind.Auto, model));
            IVcpu cpu = factory.Create(EngineKind.Auto, new VcpuOptions { Model = model }, map, Core.Io.OpenBus.Instance);
            Assert.Equal(expected.Name(), cpu.Engine);
        }
    }
}
