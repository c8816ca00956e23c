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
}
