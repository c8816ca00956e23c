using Concord.Devices.Power;
using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>
/// The machine's one <see cref="PowerRelay"/> shared by every VM through the management table
/// (patent [0031]): row <c>power.off</c>, policy <see cref="FieldPolicy.All"/> by default. Each VM
/// maps its own <see cref="PowerPort"/> at EFh; writing 01h there asks for power off.
/// </summary>
/// <remarks>
/// A VM that asks is off for itself: <see cref="PowerOffRequested"/> names it (the monitor stops
/// scheduling it) and its port reads 00h from then on. The real relay is switched (raising
/// <see cref="PowerRelay.PowerOff"/>: flush the disks, end the run) only when the row's effective
/// value becomes 1: under <see cref="FieldPolicy.All"/> once every VM in the table has asked; under
/// <see cref="FieldPolicy.Passthrough"/> or <see cref="FieldPolicy.Any"/> (the comparison without
/// a table) at the first request. Ctrl+C asks every VM in turn through <see cref="RequestOff"/>.
/// </remarks>
public sealed class SharedPowerRelay
{
    private readonly ManagementTable _table;

    public SharedPowerRelay(ManagementTable table, FieldPolicy policy = FieldPolicy.All, string deviceName = "power")
    {
        if (policy is not (FieldPolicy.All or FieldPolicy.Any or FieldPolicy.Passthrough))
            throw new ArgumentException($"{deviceName} policy {policy} is not valid; use all, any or passthrough", nameof(policy));
        _table = table;
        OffRow = table.AddField(deviceName, "off", policy);
    }

    /// <summary>The real relay: its <see cref="PowerRelay.PowerOff"/> event means the machine's power is cut.</summary>
    public PowerRelay Relay { get; } = new();

    public TableRow OffRow { get; }

    /// <summary>The machine's power is cut.</summary>
    public bool PowerCut => Relay.PowerOffRequested;

    /// <summary>A VM asked for power off (the first time): it is off for itself; stop scheduling it.</summary>
    public event Action<VmId>? PowerOffRequested;

    public PowerPort Connect(VmId vm, ICallerLocation? caller = null)
    {
        _table.Vm(vm); // throws for a VM not in the table
        return new PowerPort(this, vm, caller);
    }

    public bool HasAsked(VmId vm) => OffRow.Requested(vm) > 0;

    /// <summary>Asks for power off on behalf of <paramref name="vm"/> (the monitor, e.g. on Ctrl+C).</summary>
    public void RequestOff(VmId vm) => Request(vm, CsIp.Unknown);

    internal void Request(VmId vm, CsIp at)
    {
        bool first = !HasAsked(vm);
        int effective = _table.Request(OffRow, vm, 1, at);
        if (first) PowerOffRequested?.Invoke(vm);
        if (effective != 0 && !Relay.PowerOffRequested) Relay.Write(PowerRelay.Port, PowerRelay.PowerOffCommand);
    }
}
