namespace Concord.Monitor.MachineFiles;

/// <summary>How the management table turns every VM's requested value of a shared field into the device's value.</summary>
public enum SharingPolicy
{
    /// <summary>On while any VM wants it on (floppy motors).</summary>
    Any,

    /// <summary>Acts only once every VM has asked (the power relay).</summary>
    All,

    /// <summary>One VM at a time for a whole transaction; the others wait (FDC command, execution and result phases).</summary>
    Lease,

    /// <summary>For comparison, no table: the last writer wins.</summary>
    Passthrough,

    /// <summary>For comparison, the prior art: one VM owns the device until it has been idle for the hold time; the others wait.</summary>
    Exclusive,
}
