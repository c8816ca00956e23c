namespace Concord.Monitor.Table;

/// <summary>
/// A row of the <see cref="ManagementTable"/>: one control field of a shared device, the value each
/// VM last asked for (its column), the value the real device has (<see cref="Effective"/>), and
/// counters. A lease row (<see cref="IsLease"/>) holds who owns a multi-step transaction instead:
/// its <see cref="Effective"/> is the holder's <see cref="VmId"/> value, -1 while free.
/// </summary>
public sealed class TableRow
{
    private int[] _requested;
    private int[] _waiting;
    private CsIp[] _waitingAt;
    private int _waitingCount;
    private readonly List<TableRow> _followers = [];

    internal TableRow(int index, string device, string field, FieldPolicy policy, bool isLease, int effective, TableRow? follows, int columns)
    {
        Index = index;
        Device = device;
        Field = field;
        Policy = policy;
        IsLease = isLease;
        Effective = effective;
        Follows = follows;
        _requested = NewColumns(columns);
        _waiting = new int[Math.Max(columns, 4)];
        _waitingAt = new CsIp[_waiting.Length];
    }

    public int Index { get; }

    public string Device { get; }

    public string Field { get; }

    public FieldPolicy Policy { get; }

    /// <summary>A lease (or exclusive-owner) row rather than a value row.</summary>
    public bool IsLease { get; }

    /// <summary>For a value row with policy <see cref="FieldPolicy.Lease"/> or <see cref="FieldPolicy.Exclusive"/>: the lease whose holder's value reaches the device.</summary>
    public TableRow? Follows { get; }

    /// <summary>The value the real device has; for a lease row, the holder's number (-1: free).</summary>
    public int Effective { get; internal set; }

    /// <summary>The lease holder (lease rows only).</summary>
    public VmId Holder => IsLease ? new VmId(Effective) : VmId.None;

    /// <summary>Every request (a write of this field by a VM; for a lease row, every acquire).</summary>
    public long Requests { get; internal set; }

    /// <summary>Requests after which the device does not have what the VM asked for (kept in the column, or waiting for a lease).</summary>
    public long Suppressed { get; internal set; }

    /// <summary>Changes of the effective value: real writes to the device (for a lease row, changes of holder).</summary>
    public long Transitions { get; internal set; }

    /// <summary>The value <paramref name="vm"/> last asked for; -1 when it never asked.</summary>
    public int Requested(VmId vm) => (uint)vm.Value < (uint)_requested.Length ? _requested[vm.Value] : -1;

    public bool HasRequested(VmId vm) => Requested(vm) >= 0;

    /// <summary>VMs waiting for this lease, first come first.</summary>
    public int WaitingCount => _waitingCount;

    public VmId WaitingAt(int i) => new(_waiting[i]);

    public bool IsWaiting(VmId vm)
    {
        for (int i = 0; i < _waitingCount; i++)
            if (_waiting[i] == vm.Value) return true;
        return false;
    }

    internal IReadOnlyList<TableRow> Followers => _followers;

    internal int ColumnCount => _requested.Length;

    internal void SetRequested(VmId vm, int value) => _requested[vm.Value] = value;

    internal int RequestedAt(int column) => _requested[column];

    internal void AddFollower(TableRow row) => _followers.Add(row);

    internal void Grow(int columns)
    {
        if (columns <= _requested.Length) return;
        var bigger = NewColumns(columns);
        _requested.CopyTo(bigger, 0);
        _requested = bigger;
        if (columns > _waiting.Length)
        {
            Array.Resize(ref _waiting, columns);
            Array.Resize(ref _waitingAt, columns);
        }
    }

    internal void Enqueue(VmId vm, CsIp at)
    {
        _waitingAt[_waitingCount] = at;
        _waiting[_waitingCount++] = vm.Value;
    }

    /// <summary>Takes the first waiter off the queue, with the CS:IP of the access that made it wait.</summary>
    internal VmId Dequeue(out CsIp at)
    {
        at = CsIp.Unknown;
        if (_waitingCount == 0) return VmId.None;
        int first = _waiting[0];
        at = _waitingAt[0];
        --_waitingCount;
        Array.Copy(_waiting, 1, _waiting, 0, _waitingCount);
        Array.Copy(_waitingAt, 1, _waitingAt, 0, _waitingCount);
        return new VmId(first);
    }

    internal bool Remove(VmId vm)
    {
        for (int i = 0; i < _waitingCount; i++)
        {
            if (_waiting[i] != vm.Value) continue;
            --_waitingCount;
            Array.Copy(_waiting, i + 1, _waiting, i, _waitingCount - i);
            Array.Copy(_waitingAt, i + 1, _waitingAt, i, _waitingCount - i);
            return true;
        }
        return false;
    }

    private static int[] NewColumns(int count)
    {
        var columns = new int[count];
        Array.Fill(columns, -1);
        return columns;
    }
}
