using Concord.Devices.Bus;
using Concord.Devices.Power;

namespace Concord.Devices.Tests.Power;

public sealed class PowerRelayTests
{
    [Fact]
    public void Reads_01h_while_powered()
    {
        var relay = new PowerRelay();
        Assert.Equal(0x01, relay.Read(0xEF));
        Assert.False(relay.PowerOffRequested);
    }

    [Fact]
    public void Writing_01h_asks_for_power_off_once()
    {
        var relay = new PowerRelay();
        int events = 0;
        relay.PowerOff += () => events++;
        relay.Write(0xEF, 0x01);
        relay.Write(0xEF, 0x01);
        Assert.True(relay.PowerOffRequested);
        Assert.Equal(1, events);
        Assert.Equal(0x00, relay.Read(0xEF));
    }

    [Fact]
    public void Other_values_are_ignored()
    {
        var relay = new PowerRelay();
        relay.Write(0xEF, 0x00);
        relay.Write(0xEF, 0xFF);
        Assert.False(relay.PowerOffRequested);
    }

    [Fact]
    public void Relay_answers_on_its_port_through_the_bus()
    {
        var bus = new PortBus();
        var relay = new PowerRelay();
        bus.Map(PowerRelay.Port, 1, relay);
        bus.Out8(0xEF, 0x01);
        Assert.True(relay.PowerOffRequested);
        relay.Reset();
        Assert.Equal(0x01, bus.In8(0xEF));
    }
}
