namespace Concord.Monitor.Table;

/// <summary>
/// One change in the management table. For a value row: the VM's requested value and the device's
/// effective value, before and after (-1: the VM had never asked). For a lease row
/// (<see cref="Lease"/> is not <see cref="LeaseAction.None"/>): requested is 1 while the VM holds or
/// waits for the lease and 0 once it gave it up; effective is the holder's <see cref="VmId"/> value
/// (-1: free).
/// </summary>
/// <param name="TimeNs">Virtual time of the change.</param>
/// <param name="Vm">The VM whose access (or whose grant) caused it.</param>
/// <param name="VmName">That VM's column name.</param>
/// <param name="At">CS:IP of the instruction that made the access (<see cref="CsIp.Unknown"/> when the monitor acted).</param>
public readonly record struct TableEvent(
    long TimeNs,
    VmId Vm,
    string VmName,
    CsIp At,
    string Device,
    string Field,
    FieldPolicy Policy,
    LeaseAction Lease,
    int OldRequested,
    int NewRequested,
    int OldEffective,
    int NewEffective);
