namespace Concord.Monitor.MachineFiles;

/// <summary>The policy of each row of the management table (the <c>[policy]</c> table), checked.</summary>
public sealed record PolicySpec(
    SharingPolicy FdcMotor,
    SharingPolicy FdcSelect,
    SharingPolicy FdcReset,
    SharingPolicy FdcDmaGate,
    SharingPolicy FdcCommand,
    SharingPolicy Power,
    int ExclusiveHoldMs)
{
    /// <summary>The hold time of <see cref="SharingPolicy.Exclusive"/> when the file gives none.</summary>
    public const int DefaultExclusiveHoldMs = 2000;

    /// <summary>The patent's design: motors <c>any</c>, the controller's transactions <c>lease</c>, power <c>all</c>.</summary>
    public static PolicySpec Default { get; } = new(
        SharingPolicy.Any, SharingPolicy.Lease, SharingPolicy.Lease, SharingPolicy.Lease, SharingPolicy.Lease,
        SharingPolicy.All, DefaultExclusiveHoldMs);

    /// <summary>The policy of one field.</summary>
    public SharingPolicy For(SharedField field) => field switch
    {
        SharedField.FdcMotor => FdcMotor,
        SharedField.FdcSelect => FdcSelect,
        SharedField.FdcReset => FdcReset,
        SharedField.FdcDmaGate => FdcDmaGate,
        SharedField.FdcCommand => FdcCommand,
        SharedField.Power => Power,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown shared field"),
    };
}
