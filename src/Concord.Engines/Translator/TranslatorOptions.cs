namespace Concord.Engines.Translator;

/// <summary>
/// How the translating engine (<c>jit</c>) decides what to compile and when. The defaults suit
/// running guests; the conformance tests compile everything at once, on the calling thread, so that
/// every vector and program runs translated code.
/// </summary>
public sealed record TranslatorOptions
{
    /// <summary>The defaults: compile what gets hot, in the background.</summary>
    public static TranslatorOptions Default { get; } = new();

    /// <summary>
    /// How many samples (<see cref="SamplePeriod"/>) must find the vCPU in uncompiled code of a page before it
    /// compiles a region there; with the defaults, about 1 M instructions interpreted in the page (5 ms of the
    /// interpreter), so compiling (10-60 ms a region on a loaded machine) is spent on code that runs a lot. 0 compiles
    /// at the first sight of any code, before running it.
    /// </summary>
    public int HotThreshold { get; init; } = 1024;

    /// <summary>Interpreted instructions between two samples of where the vCPU is, for <see cref="HotThreshold"/>.</summary>
    public int SamplePeriod { get; init; } = 1024;

    /// <summary>Compile on a background thread (shared by the machine's vCPUs) while the interpreter goes on; false compiles on the calling thread.</summary>
    public bool Background { get; init; } = true;

    /// <summary>The most guest instructions in one region (one compiled method).</summary>
    public int MaxRegionInstructions { get; init; } = 256;

    /// <summary>
    /// Every instruction is an entry and a block of its own, so a run of one instruction runs it
    /// translated (the SingleStepTests vectors need this; it costs speed).
    /// </summary>
    public bool EveryInstructionIsEntry { get; init; }

    /// <summary>The size the code cache may reach (counted in IL bytes of the compiled regions) before the least recently run regions are dropped.</summary>
    public long CodeCacheLimitBytes { get; init; } = 8L << 20;

    /// <summary>For tests: compile at once, on the calling thread, every region of at most <paramref name="maxInstructions"/> instructions.</summary>
    public static TranslatorOptions Immediate(int maxInstructions = 256) =>
        new() { HotThreshold = 0, Background = false, MaxRegionInstructions = maxInstructions };
}
