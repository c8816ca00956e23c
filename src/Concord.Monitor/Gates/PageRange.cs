namespace Concord.Monitor.Gates;

/// <summary>Whole 4 KiB pages of a VM's physical address space: <see cref="Length"/> bytes from <see cref="Address"/>.</summary>
public readonly record struct PageRange(int Address, int Length)
{
    /// <summary>The first address after the range.</summary>
    public int End => Address + Length;

    public bool Contains(int address) => address >= Address && address < End;

    public override string ToString() => $"{Address:X5}h-{End - 1:X5}h";
}
