namespace Concord.Core.Memory;

/// <summary>What happened to a range of pages of a <see cref="MemoryMap"/>.</summary>
public enum MemoryMapChangeKind
{
    /// <summary>RAM or ROM was mapped there (<see cref="MemoryMap.MapRam"/>, <see cref="MemoryMap.MapRom"/>).</summary>
    Mapped,

    /// <summary>Nothing is mapped there any more (<see cref="MemoryMap.Unmap"/>).</summary>
    Unmapped,

    /// <summary>A page was put in place of another (<see cref="MemoryMap.SetPage"/>: a gate lends or gives back pages).</summary>
    Swapped,

    /// <summary>The A20 gate switched: every page with address bit 20 now reaches another page.</summary>
    A20,

    /// <summary>The pages were written through another VM's map (a gate's callee wrote the caller's lent window; <see cref="MemoryMap.WrittenElsewhere"/>).</summary>
    WrittenElsewhere,
}
