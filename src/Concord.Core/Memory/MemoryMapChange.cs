namespace Concord.Core.Memory;

/// <summary>Pages <paramref name="FirstPage"/> to <paramref name="FirstPage"/> + <paramref name="PageCount"/> - 1 of a map changed; an engine drops what it compiled from them.</summary>
public readonly record struct MemoryMapChange(MemoryMapChangeKind Kind, int FirstPage, int PageCount)
{
    public bool Covers(int page) => page >= FirstPage && page < FirstPage + PageCount;
}
