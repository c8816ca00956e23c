namespace Concord.Monitor.Profiles;

/// <summary>A run of <see cref="Count"/> consecutive ports from <see cref="First"/>, as <c>PortBus.Map</c> takes them.</summary>
public readonly record struct PortRange(ushort First, int Count)
{
    public override string ToString() => Count == 1 ? $"{First:X2}h" : $"{First:X2}h-{First + Count - 1:X2}h";
}
