using Concord.Devices.Bus;

namespace Concord.Monitor.Table;

/// <summary>
/// The VMM's management table (patent claim 3): a row per shared control field, a column per VM
/// holding the value that VM last asked for, and a <see cref="FieldPolicy"/> per row that decides
/// what the real device gets. Lease rows give a multi-step transaction to one VM at a time, first
/// come first served; value rows may follow a lease (only the holder's values reach the device).
/// Every change goes to <see cref="Sink"/> as a <see cref="TableEvent"/> stamped with the clock.
/// </summary>
/// <remarks>
/// The table decides and records; the shared device (see <c>Monitor.Sharing</c>) applies the
/// effective values to the real chip and parks the accesses of VMs that must wait. Not thread-safe:
/// one machine thread drives it. Requests that change neither the column nor the effective value
/// are counted but not traced.
/// </remarks>
public sealed class ManagementTable(IClock clock, ITraceSink<TableEvent>? sink = null)
{
    private readonly List<VmColumn> _vms = [];
    private readonly List<TableRow> _rows = [];

    public IClock Clock { get; } = clock;

    /// <summary>Where changes go; may be set or replaced at any time (null: not traced).</summary>
    public ITraceSink<TableEvent>? Sink { get; set; } = sink;

    public IReadOnlyList<VmColumn> Vms => _vms;

    public IReadOnlyList<TableRow> Rows => _rows;

    /// <summary>Adds a column. VMs are numbered 0, 1, 2... in the order they are added.</summary>
    public VmId AddVm(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var column in _vms)
            if (column.Name == name) throw new ArgumentException($"a VM named '{name}' is already in the table", nameof(name));
        var id = new VmId(_vms.Count);
        _vms.Add(new VmColumn(id, name));
        foreach (var row in _rows) row.Grow(_vms.Count);
        return id;
    }

    public VmColumn Vm(VmId id) => _vms[id.Value];

    /// <summary>
    /// Adds a value row. <paramref name="follows"/> is required for <see cref="FieldPolicy.Lease"/>
    /// and <see cref="FieldPolicy.Exclusive"/> (the lease whose holder's value reaches the device)
    /// and not allowed otherwise.
    /// </summary>
    public TableRow AddField(string device, string field, FieldPolicy policy, int initialEffective = 0, TableRow? follows = null)
    {
        bool needsLease = policy is FieldPolicy.Lease or FieldPolicy.Exclusive;
        if (needsLease && follows is null)
            throw new ArgumentException($"row {device}.{field}: policy {policy} needs the lease row it follows", nameof(follows));
        if (!needsLease && follows is not null)
            throw new ArgumentException($"row {device}.{field}: policy {policy} does not follow a lease", nameof(follows));
        if (follows is { IsLease: false })
            throw new ArgumentException($"row {device}.{field}: {follows.Device}.{follows.Field} is not a lease row", nameof(follows));
        var row = new TableRow(_rows.Count, device, field, policy, isLease: false, initialEffective, follows, _vms.Count);
        follows?.AddFollower(row);
        _rows.Add(row);
        return row;
    }

    /// <summary>Adds a lease row (<see cref="FieldPolicy.Lease"/>, or <see cref="FieldPolicy.Exclusive"/> for the prior art's owner), free at first.</summary>
    public TableRow AddLease(string device, string field, FieldPolicy policy = FieldPolicy.Lease)
    {
        if (policy is not (FieldPolicy.Lease or FieldPolicy.Exclusive))
            throw new ArgumentException($"row {device}.{field}: a lease row has policy Lease or Exclusive, not {policy}", nameof(policy));
        var row = new TableRow(_rows.Count, device, field, policy, isLease: true, -1, null, _vms.Count);
        _rows.Add(row);
        return row;
    }

    /// <summary>
    /// <paramref name="vm"/> asks for <paramref name="value"/> (0 or more) in a value row. Returns the
    /// effective value afterwards, which the caller applies to the device if it changed.
    /// </summary>
    public int Request(TableRow row, VmId vm, int value, CsIp at)
    {
        CheckValueRow(row, vm);
        int oldRequested = row.Requested(vm);
        int oldEffective = row.Effective;
        row.SetRequested(vm, value);
        int effective = row.Policy switch
        {
            FieldPolicy.Any => Combine(row, or: true),
            FieldPolicy.All => Combine(row, or: false),
            FieldPolicy.Passthrough => value,
            _ => row.Follows!.Effective < 0 || row.Follows.Effective == vm.Value ? value : oldEffective,
        };
        row.Effective = effective;
        row.Requests++;
        if (effective != value) row.Suppressed++;
        if (effective != oldEffective) row.Transitions++;
        if (oldRequested != value || effective != oldEffective)
            Emit(row, vm, at, LeaseAction.None, oldRequested, value, oldEffective, effective);
        return effective;
    }

    /// <summary>
    /// <paramref name="vm"/> asks for the lease. When it is free the VM gets it and every row
    /// following a <see cref="FieldPolicy.Lease"/> lease takes the VM's values (an exclusive owner's
    /// rows keep theirs until it writes); when another VM holds it the asker is queued.
    /// </summary>
    public LeaseOutcome Acquire(TableRow lease, VmId vm, CsIp at)
    {
        CheckLeaseRow(lease, vm);
        lease.Requests++;
        if (lease.Effective == vm.Value) return LeaseOutcome.AlreadyHeld;
        if (lease.Effective < 0)
        {
            Grant(lease, vm, at);
            return LeaseOutcome.Acquired;
        }
        lease.Suppressed++;
        if (!lease.IsWaiting(vm))
        {
            int oldRequested = lease.Requested(vm);
            lease.Enqueue(vm, at);
            lease.SetRequested(vm, 1);
            Emit(lease, vm, at, LeaseAction.Waiting, oldRequested, 1, lease.Effective, lease.Effective);
        }
        return LeaseOutcome.Waiting;
    }

    /// <summary>
    /// <paramref name="vm"/> gives the lease up. The first waiting VM gets it (its values reach the
    /// following rows; its acquisition is traced with the CS:IP of the access that made it wait) and
    /// is returned; <see cref="VmId.None"/> when nobody waited (or <paramref name="vm"/> did not hold it).
    /// </summary>
    public VmId Release(TableRow lease, VmId vm, CsIp at)
    {
        CheckLeaseRow(lease, vm);
        if (lease.Effective != vm.Value) return VmId.None;
        lease.SetRequested(vm, 0);
        lease.Effective = -1;
        lease.Transitions++;
        Emit(lease, vm, at, LeaseAction.Released, 1, 0, vm.Value, -1);
        var next = lease.Dequeue(out var waitedAt);
        if (!next.IsNone) Grant(lease, next, waitedAt);
        return next;
    }

    /// <summary>Takes <paramref name="vm"/> out of the lease's queue (e.g. the VM was powered off while waiting).</summary>
    public void Withdraw(TableRow lease, VmId vm, CsIp at)
    {
        CheckLeaseRow(lease, vm);
        if (!lease.Remove(vm)) return;
        lease.SetRequested(vm, 0);
        Emit(lease, vm, at, LeaseAction.Released, 1, 0, lease.Effective, lease.Effective);
    }

    /// <summary>The whole table as plain values, for a UI or a test.</summary>
    public TableSnapshot Snapshot()
    {
        var rows = new RowSnapshot[_rows.Count];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = _rows[r];
            var requested = new int[_vms.Count];
            for (int c = 0; c < requested.Length; c++) requested[c] = row.Requested(new VmId(c));
            var waiting = new VmId[row.WaitingCount];
            for (int i = 0; i < waiting.Length; i++) waiting[i] = row.WaitingAt(i);
            rows[r] = new RowSnapshot(row.Device, row.Field, row.Policy, row.IsLease, row.Follows?.Field,
                row.Effective, requested, row.Holder, waiting, row.Requests, row.Suppressed, row.Transitions);
        }
        return new TableSnapshot(Clock.NowNs, _vms.ToArray(), rows);
    }

    private void Grant(TableRow lease, VmId vm, CsIp at)
    {
        int oldRequested = lease.Requested(vm);
        lease.Effective = vm.Value;
        lease.SetRequested(vm, 1);
        lease.Transitions++;
        Emit(lease, vm, at, LeaseAction.Acquired, oldRequested, 1, -1, vm.Value);
        if (lease.Policy == FieldPolicy.Exclusive) return; // the prior art: the device stays as the last owner left it
        foreach (var row in lease.Followers)
        {
            int wanted = row.Requested(vm);
            if (wanted < 0 || wanted == row.Effective) continue;
            int old = row.Effective;
            row.Effective = wanted;
            row.Transitions++;
            Emit(row, vm, at, LeaseAction.None, wanted, wanted, old, wanted);
        }
    }

    private static int Combine(TableRow row, bool or)
    {
        int columns = row.ColumnCount;
        if (columns == 0) return 0;
        int result = or ? 0 : -1;
        for (int c = 0; c < columns; c++)
        {
            int v = Math.Max(row.RequestedAt(c), 0);
            result = or ? result | v : result & v;
        }
        return result;
    }

    private void Emit(TableRow row, VmId vm, CsIp at, LeaseAction lease, int oldRequested, int newRequested, int oldEffective, int newEffective)
    {
        Sink?.Write(new TableEvent(Clock.NowNs, vm, _vms[vm.Value].Name, at, row.Device, row.Field, row.Policy, lease,
            oldRequested, newRequested, oldEffective, newEffective));
    }

    private void CheckValueRow(TableRow row, VmId vm)
    {
        if (row.IsLease) throw new ArgumentException($"row {row.Device}.{row.Field} is a lease row; use Acquire/Release", nameof(row));
        CheckVm(vm);
    }

    private void CheckLeaseRow(TableRow row, VmId vm)
    {
        if (!row.IsLease) throw new ArgumentException($"row {row.Device}.{row.Field} is not a lease row", nameof(row));
        CheckVm(vm);
    }

    private void CheckVm(VmId vm)
    {
        if ((uint)vm.Value >= (uint)_vms.Count)
            throw new ArgumentOutOfRangeException(nameof(vm), vm.Value, $"the table has VMs 0-{_vms.Count - 1}");
    }
}
