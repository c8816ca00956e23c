namespace Concord.Monitor.MachineFiles;

/// <summary>
/// The part of the caller's memory lent to the callee during a gate call: <see cref="Length"/> bytes
/// from linear address <see cref="Address"/>, whole 4 KiB pages below 1 MiB.
/// </summary>
public readonly record struct GateWindow(int Address, int Length)
{
    /// <summary>The first linear address after the window.</summary>
    public int End => Address + Length;

    public override string ToString() => $"{Address:X5}h-{End - 1:X5}h";
}
