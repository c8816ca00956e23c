namespace Concord.Engines.Translator;

/// <summary>A region's compiled code and what the code cache keeps about it.</summary>
internal sealed class CompiledRegion(RegionPlan plan, RegionCode code, int ilBytes, long compileTicks)
{
    public RegionPlan Plan { get; } = plan;

    public RegionCode Code { get; } = code;

    /// <summary>The size of its IL, what the cache's limit counts.</summary>
    public int IlBytes { get; } = ilBytes;

    /// <summary>Stopwatch ticks spent emitting and compiling it.</summary>
    public long CompileTicks { get; } = compileTicks;

    public ushort Cs => Plan.Cs;

    /// <summary>Still usable: not invalidated by a write, a map change or eviction.</summary>
    public bool Valid { get; set; } = true;

    /// <summary>When the dispatcher last entered it (a run counter), for eviction.</summary>
    public long LastUsed { get; set; }

    /// <summary>The pages (as the map reaches them when it was installed) its code bytes are in.</summary>
    public int[] CodePages { get; set; } = [];

    /// <summary>The logical pages its code bytes are in, as the CPU addresses them.</summary>
    public int[] LinearPages { get; set; } = [];

    /// <summary>Its code bytes as the map reached them when it was installed (A20 applied).</summary>
    public (uint Start, int Length)[] TargetRuns { get; set; } = [];

    /// <summary>Whether a code byte of the region is at <paramref name="target"/> (an address as the map reaches it).</summary>
    public bool CoversTarget(uint target)
    {
        foreach (var (start, length) in TargetRuns)
            if (target >= start && target < start + (uint)length) return true;
        return false;
    }
}
