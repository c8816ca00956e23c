using Concord.Devices.Bus;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Table;

public sealed class SharedPowerRelayTests
{
    private readonly TestClock _clock = new();
    private readonly TraceRecorder _trace = new();

    private (SharedPowerRelay Relay, PortBus[] Buses, List<VmId> Stopped, List<int> Cuts) Rig(int vms, FieldPolicy policy = FieldPolicy.All)
    {
        var table = new ManagementTable(_clock, _trace);
        var ids = Enumerable.Range(0, vms).Select(i => table.AddVm("vm" + i)).ToArray();
        var relay = new SharedPowerRelay(table, policy);
        var buses = new PortBus[vms];
        for (int i = 0; i < vms; i++)
        {
            buses[i] = new PortBus();
            relay.Connect(ids[i]).MapOn(buses[i]);
        }
        var stopped = new List<VmId>();
        var cuts = new List<int>();
        relay.PowerOffRequested += stopped.Add;
        relay.Relay.PowerOff += () => cuts.Add(stopped.Count);
        return (relay, buses, stopped, cuts);
    }

    [Fact]
    public void Power_is_cut_only_after_the_last_of_three_vms_asks()
    {
        var (relay, buses, stopped, cuts) = Rig(3);
        buses[1].Out8(0xEF, 0x01);
        Assert.Equal(0x00, buses[1].In8(0xEF));      // off for itself
        Assert.Equal(0x01, buses[0].In8(0xEF));
        buses[0].Out8(0xEF, 0x01);
        buses[0].Out8(0xEF, 0x01);                   // asking twice changes nothing
        Assert.False(relay.PowerCut);
        Assert.Equal([new VmId(1), new VmId(0)], stopped);
        buses[2].Out8(0xEF, 0x01);
        Assert.True(relay.PowerCut);
        Assert.Equal([3], cuts);                     // the relay switched once, after the third VM stopped
        Assert.Equal((4L, 3L, 1L), (relay.OffRow.Requests, relay.OffRow.Suppressed, relay.OffRow.Transitions));
    }

    [Fact]
    public void The_table_shows_who_asked()
    {
        var (relay, buses, _, _) = Rig(2);
        buses[1].Out8(0xEF, 0x01);
        buses[0].Out8(0xEF, 0x02);                   // not the power-off command
        Assert.False(relay.HasAsked(new VmId(0)));
        Assert.True(relay.HasAsked(new VmId(1)));
        Assert.Equal((-1, 1), (relay.OffRow.Requested(new VmId(0)), relay.OffRow.Requested(new VmId(1))));
        var e = Assert.Single(_trace.Events);
        Assert.Equal(("power", "off", 1, 0), (e.Device, e.Field, e.NewRequested, e.NewEffective));
    }

    [Fact]
    public void Ctrl_c_asks_every_vm_in_turn()
    {
        var (relay, _, stopped, cuts) = Rig(2);
        relay.RequestOff(new VmId(0));
        Assert.False(relay.PowerCut);
        relay.RequestOff(new VmId(1));
        Assert.True(relay.PowerCut);
        Assert.All(_trace.Events, e => Assert.True(e.At.IsUnknown));
        Assert.Equal(2, stopped.Count);
    }

    [Fact]
    public void Passthrough_cuts_the_power_at_the_first_request()
    {
        var (relay, buses, _, _) = Rig(2, FieldPolicy.Passthrough);
        buses[0].Out8(0xEF, 0x01);
        Assert.True(relay.PowerCut);
    }
}
