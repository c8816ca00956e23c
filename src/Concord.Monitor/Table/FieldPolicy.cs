namespace Concord.Monitor.Table;

/// <summary>How a row of the management table turns the values the VMs asked for into the value the real device gets.</summary>
public enum FieldPolicy
{
    /// <summary>On while any VM wants it on: the effective value is the OR of every column (floppy motors).</summary>
    Any,
    /// <summary>Acts only when every VM has asked: the AND of every column, a VM that never asked counting as 0 (power cut).</summary>
    All,
    /// <summary>
    /// One VM at a time. On a lease row: the holder of a multi-step transaction (others wait). On a
    /// row that follows a lease: the holder's value reaches the device, others' values wait in their
    /// columns until they hold the lease; while the lease is free a write takes effect at once.
    /// </summary>
    Lease,
    /// <summary>Comparison: last writer wins, as if there were no table.</summary>
    Passthrough,
    /// <summary>
    /// Comparison (the prior art): one VM owns the whole device from its first access until the
    /// device has been idle for a hold time; the others wait. On a row that follows the owner, the
    /// owner's value reaches the device.
    /// </summary>
    Exclusive,
}
