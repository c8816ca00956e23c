namespace Concord.Engines.Translator;

/// <summary>What a translating vCPU has compiled and run so far.</summary>
public sealed record TranslatorStatistics
{
    /// <summary>Regions compiled (each one .NET method), whether or not they were installed.</summary>
    public long RegionsCompiled { get; init; }

    /// <summary>Guest instructions in those regions.</summary>
    public long InstructionsCompiled { get; init; }

    /// <summary>Time spent emitting IL and compiling it (RyuJIT), wherever it was spent.</summary>
    public TimeSpan CompileTime { get; init; }

    /// <summary>IL bytes emitted.</summary>
    public long IlBytesCompiled { get; init; }

    /// <summary>Regions in the code cache now.</summary>
    public int RegionsCached { get; init; }

    /// <summary>The cache's size now and at its largest, in IL bytes.</summary>
    public long CacheBytes { get; init; }

    public long PeakCacheBytes { get; init; }

    /// <summary>Regions dropped because their code was written or their pages changed.</summary>
    public long Invalidated { get; init; }

    /// <summary>Regions dropped to keep the cache within its limit.</summary>
    public long Evicted { get; init; }

    /// <summary>Compiled regions not installed because their code changed while they compiled.</summary>
    public long Discarded { get; init; }

    /// <summary>Regions that failed to compile (a translator bug; they stay interpreted).</summary>
    public long CompileFailures { get; init; }

    /// <summary>The first such failure, for the report.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>Instructions run by compiled code and by the interpreter (a REP iteration counts as one).</summary>
    public long TranslatedInstructions { get; init; }

    public long InterpretedInstructions { get; init; }

    /// <summary>Times compiled code was entered (each a switch from the interpreter or a hop between regions).</summary>
    public long RegionEntries { get; init; }

    /// <summary>Mean compile time per region.</summary>
    public TimeSpan CompileTimePerRegion => RegionsCompiled == 0 ? TimeSpan.Zero : CompileTime / RegionsCompiled;
}
