using Concord.Core.Cpu;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>SingleStepTests/80286 real mode (the 80186/80286 additions) on the 80286 model, one test case per file.</summary>
public abstract class Sst80286Tests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const string Suite = "sst80286";

    public static TheoryData<string> Files() => SuiteManifest.Stems(Suite);

    [Theory]
    [MemberData(nameof(Files))]
    public void Vectors_of_file_match_the_hardware(string file) =>
        SuiteRun.File(Engine, CpuModel.I80286, Suite, file, _ => true);
}

/// <summary>The 80286 vectors on the interpreter.</summary>
public sealed class Sst80286OnInterp() : Sst80286Tests(EngineKind.Interp);

/// <summary>The 80286 vectors on the translator, every region compiled at once.</summary>
public sealed class Sst80286OnJit() : Sst80286Tests(EngineKind.Jit);
