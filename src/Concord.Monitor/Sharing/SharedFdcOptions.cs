using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>
/// How a <see cref="SharedFdc"/> shares the floppy controller. The patent's design is the default:
/// motor bits <see cref="FieldPolicy.Any"/>, the controller under a <see cref="FieldPolicy.Lease"/>.
/// The comparisons: <see cref="Passthrough"/> (no table: last writer wins) and
/// <see cref="Exclusive(long)"/> (the prior art: the first VM owns the whole controller until it has
/// been idle for the hold time).
/// </summary>
public sealed record SharedFdcOptions
{
    /// <summary><see cref="FieldPolicy.Any"/>, <see cref="FieldPolicy.Passthrough"/> or (with an exclusive controller) <see cref="FieldPolicy.Exclusive"/>.</summary>
    public FieldPolicy MotorPolicy { get; init; } = FieldPolicy.Any;

    /// <summary>
    /// <see cref="FieldPolicy.Lease"/> (commands, drive select, reset, DMA gate, data rate, IRQ 6 and
    /// DMA follow the holder), <see cref="FieldPolicy.Passthrough"/> or <see cref="FieldPolicy.Exclusive"/>.
    /// </summary>
    public FieldPolicy ControllerPolicy { get; init; } = FieldPolicy.Lease;

    /// <summary>Under <see cref="FieldPolicy.Exclusive"/>: how long the owner must leave the controller alone before another VM gets it.</summary>
    public long ExclusiveHoldNs { get; init; } = 2_000_000_000;

    /// <summary>
    /// Under <see cref="FieldPolicy.Lease"/>: how long the holder's command may go without progress (a
    /// command or result byte through the FIFO, a reset, the controller changing phase; polling the
    /// status is none) while another VM waits, before the lease is taken from it (the controller
    /// reset, the holder owed a reset of its own). A BIOS finishes or gives up on a command within
    /// about 2 s; a holder that makes no progress for longer has hung or crashed in a loop, and
    /// without this limit every other OS would wait for the controller for ever.
    /// </summary>
    public long LeaseTimeoutNs { get; init; } = 3_000_000_000;

    /// <summary>The device name in the table and the trace.</summary>
    public string DeviceName { get; init; } = "fdc";

    /// <summary>No table: every write goes straight to the controller, IRQ 6 and DMA go to the last VM that wrote.</summary>
    public static SharedFdcOptions Passthrough => new() { MotorPolicy = FieldPolicy.Passthrough, ControllerPolicy = FieldPolicy.Passthrough };

    /// <summary>The prior art: one VM owns the controller from its first access until it has been idle for <paramref name="holdNs"/>.</summary>
    public static SharedFdcOptions Exclusive(long holdNs = 2_000_000_000) =>
        new() { MotorPolicy = FieldPolicy.Exclusive, ControllerPolicy = FieldPolicy.Exclusive, ExclusiveHoldNs = holdNs };

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MotorPolicy is not (FieldPolicy.Any or FieldPolicy.Passthrough or FieldPolicy.Exclusive))
            throw new ArgumentException($"{DeviceName} motor policy {MotorPolicy} is not valid; use any, passthrough or exclusive", nameof(MotorPolicy));
        if (ControllerPolicy is not (FieldPolicy.Lease or FieldPolicy.Passthrough or FieldPolicy.Exclusive))
            throw new ArgumentException($"{DeviceName} controller policy {ControllerPolicy} is not valid; use lease, passthrough or exclusive", nameof(ControllerPolicy));
        if ((MotorPolicy == FieldPolicy.Exclusive) != (ControllerPolicy == FieldPolicy.Exclusive))
            throw new ArgumentException($"{DeviceName}: exclusive owns the whole device, so the motor and controller policies must both be exclusive (motor {MotorPolicy}, controller {ControllerPolicy})", nameof(MotorPolicy));
        if (ExclusiveHoldNs <= 0)
            throw new ArgumentException($"{DeviceName} exclusive hold time {ExclusiveHoldNs} ns must be positive", nameof(ExclusiveHoldNs));
        if (LeaseTimeoutNs <= 0)
            throw new ArgumentException($"{DeviceName} lease time-out {LeaseTimeoutNs} ns must be positive", nameof(LeaseTimeoutNs));
        ArgumentException.ThrowIfNullOrWhiteSpace(DeviceName);
    }
}
