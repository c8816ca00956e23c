namespace Concord.Monitor.Table;

/// <summary>
/// Where a trapped access came from: the CS:IP of the instruction, as the monitor read it, and, for
/// code running inside a gate call, the VM it runs for (<see cref="For"/>).
/// </summary>
public readonly record struct CsIp(ushort Cs, ushort Ip)
{
    /// <summary>The caller a gate call made this VM run its service for, or null outside gate calls.</summary>
    public VmId? For { get; init; }

    /// <summary>An access the monitor made on a VM's behalf (e.g. Ctrl+C asking for power off), or one with no known source.</summary>
    public static CsIp Unknown => new(0xFFFF, 0xFFFF);

    public bool IsUnknown => Cs == 0xFFFF && Ip == 0xFFFF;

    public override string ToString() => IsUnknown ? "-" : $"{Cs:X4}:{Ip:X4}";

    /// <summary>The characters of "SSSS:OOOO" (9) written into <paramref name="destination"/>, without allocating (for the trace writers).</summary>
    public ReadOnlySpan<char> Format(Span<char> destination)
    {
        Cs.TryFormat(destination, out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        destination[4] = ':';
        Ip.TryFormat(destination[5..], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        return destination[..9];
    }
}
