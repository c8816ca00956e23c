using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Table;

public sealed class ManagementTableTests
{
    private readonly TestClock _clock = new();
    private readonly TraceRecorder _trace = new();
    private readonly ManagementTable _table;
    private readonly VmId _a, _b, _c;
    private static readonly CsIp At = new(0xF000, 0x1234);

    public ManagementTableTests()
    {
        _table = new ManagementTable(_clock, _trace);
        _a = _table.AddVm("parent");
        _b = _table.AddVm("guest");
        _c = _table.AddVm("third");
    }

    [Fact]
    public void Any_row_stays_on_while_one_vm_still_wants_it()
    {
        var motor = _table.AddField("fdc", "motor0", FieldPolicy.Any);
        Assert.Equal(1, _table.Request(motor, _a, 1, At));
        Assert.Equal(1, _table.Request(motor, _b, 1, At));
        Assert.Equal(1, _table.Request(motor, _a, 0, At));
        Assert.Equal(0, _table.Request(motor, _b, 0, At));
        Assert.Equal((4L, 1L, 2L), (motor.Requests, motor.Suppressed, motor.Transitions));
    }

    [Fact]
    public void All_row_acts_only_when_every_vm_has_asked()
    {
        var power = _table.AddField("power", "off", FieldPolicy.All);
        Assert.Equal(0, _table.Request(power, _a, 1, At));
        Assert.Equal(0, _table.Request(power, _c, 1, At));
        Assert.Equal(1, _table.Request(power, _b, 1, At));
        Assert.Equal((3L, 2L, 1L), (power.Requests, power.Suppressed, power.Transitions));
    }

    [Fact]
    public void Passthrough_row_takes_the_last_writer()
    {
        var motor = _table.AddField("fdc", "motor0", FieldPolicy.Passthrough);
        _table.Request(motor, _b, 1, At);
        Assert.Equal(0, _table.Request(motor, _a, 0, At));
        Assert.Equal(0L, motor.Suppressed);
        Assert.Equal(2L, motor.Transitions);
    }

    [Fact]
    public void Lease_rows_follow_the_holder_and_apply_a_waiters_values_when_it_gets_the_lease()
    {
        var lease = _table.AddLease("fdc", "command");
        var select = _table.AddField("fdc", "select", FieldPolicy.Lease, 0, lease);
        Assert.Equal(LeaseOutcome.Acquired, _table.Acquire(lease, _a, At));
        Assert.Equal(0, _table.Request(select, _a, 0, At));
        Assert.Equal(0, _table.Request(select, _b, 1, At)); // kept in B's column
        Assert.Equal(LeaseOutcome.Waiting, _table.Acquire(lease, _b, At));
        Assert.Equal(LeaseOutcome.Waiting, _table.Acquire(lease, _c, At));
        Assert.Equal(LeaseOutcome.AlreadyHeld, _table.Acquire(lease, _a, At));
        Assert.Equal(_b, _table.Release(lease, _a, At));
        Assert.Equal(1, select.Effective);
        Assert.Equal(_b, lease.Holder);
        Assert.Equal(_c, _table.Release(lease, _b, At)); // C never asked for a select value: it stays
        Assert.Equal(1, select.Effective);
        Assert.Equal(VmId.None, _table.Release(lease, _c, At));
        Assert.True(lease.Holder.IsNone);
        Assert.Equal((4L, 2L, 6L), (lease.Requests, lease.Suppressed, lease.Transitions));
    }

    [Fact]
    public void A_free_lease_lets_a_following_write_through_at_once()
    {
        var lease = _table.AddLease("fdc", "command");
        var select = _table.AddField("fdc", "select", FieldPolicy.Lease, 0, lease);
        Assert.Equal(2, _table.Request(select, _b, 2, At));
    }

    [Fact]
    public void Every_change_is_traced_with_time_vm_place_and_values()
    {
        var motor = _table.AddField("fdc", "motor0", FieldPolicy.Any);
        _clock.NowNs = 1234;
        _table.Request(motor, _b, 1, At);
        _table.Request(motor, _b, 1, At); // no change: counted, not traced
        var e = Assert.Single(_trace.Events);
        Assert.Equal(new TableEvent(1234, _b, "guest", At, "fdc", "motor0", FieldPolicy.Any, LeaseAction.None, -1, 1, 0, 1), e);
        Assert.Equal(2L, motor.Requests);
    }

    [Fact]
    public void Lease_events_say_acquired_waiting_and_released()
    {
        var lease = _table.AddLease("fdc", "command");
        _table.Acquire(lease, _a, At);
        _table.Acquire(lease, _b, At);
        _table.Release(lease, _a, At);
        Assert.Equal(
            [LeaseAction.Acquired, LeaseAction.Waiting, LeaseAction.Released, LeaseAction.Acquired],
            _trace.Events.Select(e => e.Lease));
        Assert.Equal([_a, _b, _a, _b], _trace.Events.Select(e => e.Vm));
        Assert.Equal((0, 1), (_trace.Events[^1].OldEffective + 1, _trace.Events[^1].NewEffective));
    }

    [Fact]
    public void Withdrawn_waiter_is_skipped()
    {
        var lease = _table.AddLease("fdc", "command");
        _table.Acquire(lease, _a, At);
        _table.Acquire(lease, _b, At);
        _table.Acquire(lease, _c, At);
        _table.Withdraw(lease, _b, At);
        Assert.Equal(_c, _table.Release(lease, _a, At));
    }

    [Fact]
    public void Snapshot_shows_columns_effective_values_holder_and_counters()
    {
        var lease = _table.AddLease("fdc", "command");
        var motor = _table.AddField("fdc", "motor0", FieldPolicy.Any);
        _table.Request(motor, _a, 1, At);
        _table.Acquire(lease, _a, At);
        _table.Acquire(lease, _c, At);
        var snap = _table.Snapshot();
        Assert.Equal(["parent", "guest", "third"], snap.Vms.Select(v => v.Name));
        var row = snap.Rows[1];
        Assert.Equal(("fdc", "motor0", 1), (row.Device, row.Field, row.Effective));
        Assert.Equal([1, -1, -1], row.Requested);
        Assert.Equal(_a, snap.Rows[0].Holder);
        Assert.Equal([_c], snap.Rows[0].Waiting);
        string text = snap.Format();
        Assert.Contains("fdc.command", text);
        Assert.Contains("parent+1", text);
    }

    [Fact]
    public void A_vm_added_later_gets_a_column_in_every_row()
    {
        var motor = _table.AddField("fdc", "motor0", FieldPolicy.Any);
        var d = _table.AddVm("late");
        Assert.Equal(1, _table.Request(motor, d, 1, At));
        Assert.Throws<ArgumentException>(() => _table.AddVm("late"));
    }

    [Fact]
    public void Bad_rows_are_refused_with_the_field_named()
    {
        var e = Assert.Throws<ArgumentException>(() => _table.AddField("fdc", "select", FieldPolicy.Lease));
        Assert.Contains("fdc.select", e.Message);
        Assert.Throws<ArgumentException>(() => _table.AddLease("fdc", "x", FieldPolicy.Any));
    }
}
