namespace Concord.Monitor.MachineFiles;

/// <summary>
/// Where a VM's busy byte is (like DOS's InDOS: non-zero while the OS is inside its own service).
/// <see cref="LinearAddress"/> is meaningful only for <see cref="BusyByteMode.Fixed"/> (below 1 MiB).
/// </summary>
public readonly record struct BusyByteSpec(BusyByteMode Mode, int LinearAddress)
{
    public static BusyByteSpec Auto => new(BusyByteMode.Auto, 0);

    public static BusyByteSpec None => new(BusyByteMode.None, 0);

    public static BusyByteSpec At(int linearAddress) => new(BusyByteMode.Fixed, linearAddress);

    public override string ToString() => Mode switch
    {
        BusyByteMode.Fixed => $"{LinearAddress:X5}h",
        BusyByteMode.None => "none",
        _ => "auto",
    };
}
