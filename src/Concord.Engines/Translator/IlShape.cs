namespace Concord.Engines.Translator;

/// <summary>
/// The size of a region's IL in the measures RyuJIT compares with the limits past which it compiles a
/// method without optimising it (MinOpts): 60,000 IL bytes, 20,000 IL instructions, 8,000 local
/// variable references, 2,000 basic blocks. A region past any of them runs at
/// about half speed, with every guest register in stack memory.
/// </summary>
internal readonly record struct IlShape(int Bytes, int Instructions, int LocalReferences, int Blocks)
{
    public const int MaxBytes = 60_000, MaxInstructions = 20_000, MaxLocalReferences = 8_000, MaxBlocks = 2_000;
}
