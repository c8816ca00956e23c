using Concord.Core.Cpu;
using Concord.Engines.Translator;

namespace Concord.Engines.Tests;

/// <summary>
/// The engine factories the conformance tests use. The jit compiles at the first sight of any code,
/// on the test's own thread, so that the vectors and programs run translated code, not the
/// interpreter it falls back on (with its defaults it would interpret code that is not hot yet).
/// </summary>
internal static class TestEngines
{
    /// <summary>Regions as the jit makes them for running guests, compiled at once.</summary>
    public static TranslatorOptions Jit { get; } = TranslatorOptions.Immediate();

    /// <summary>For one-instruction vectors: every instruction an entry and a block of its own, so a run of one instruction runs it translated.</summary>
    public static TranslatorOptions JitPerInstruction { get; } = TranslatorOptions.Immediate(maxInstructions: 1) with { EveryInstructionIsEntry = true };

    public static EngineFactory Factory(bool perInstruction = false) => new(perInstruction ? JitPerInstruction : Jit);

    /// <summary>
    /// Reports the test skipped when <paramref name="engine"/> is the jit and <paramref name="model"/> a CPU it
    /// does not translate (the 80386: engine auto runs it on the interpreter, and an explicit jit is refused).
    /// </summary>
    public static void SkipUnlessTranslated(EngineKind engine, CpuModel model)
    {
        if (engine == EngineKind.Jit && !Concord.Engines.Translator.Translator.Translates(model))
            Assert.Skip($"the jit translates the 8086 and 80286 only; {model.Name()} code runs on the interpreter");
    }
}
