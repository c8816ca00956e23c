using Concord.Core.Cpu;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>
/// SingleStepTests/8086 (hardware-captured) on the 8086 model: one test case per opcode file.
/// The undefined forms (8F, C6, C7 with reg != 0) run as their own cases, so they are seen apart.
/// </summary>
public abstract class Sst8086Tests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const string Suite = "sst8086";

    public static TheoryData<string> Files() => SuiteManifest.Stems(Suite);

    public static TheoryData<string> FilesWithUndefinedForms() => new() { "8F", "C6", "C7" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Vectors_of_file_match_the_hardware(string file) =>
        SuiteRun.File(Engine, CpuModel.I8086, Suite, file, info => !info.IsUndefined);

    [Theory]
    [MemberData(nameof(FilesWithUndefinedForms))]
    public void Undefined_reg_forms_act_as_the_hardware_did(string file) =>
        SuiteRun.File(Engine, CpuModel.I8086, Suite, file, info => info.IsUndefined);
}

/// <summary>The 8086 vectors on the interpreter.</summary>
public sealed class Sst8086OnInterp() : Sst8086Tests(EngineKind.Interp);

/// <summary>The 8086 vectors on the translator, every region compiled at once.</summary>
public sealed class Sst8086OnJit() : Sst8086Tests(EngineKind.Jit);
