using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;

namespace Concord.Devices.Tests;

/// <summary>All the devices of one PC on one port bus, wired as a machine would wire them.</summary>
public sealed class PcWiringTests : IDisposable
{
    private readonly WiredPc _pc = new();

    public PcWiringTests() => _pc.InitPic();

    public void Dispose() => _pc.Dispose();

    private FakeClock _clock => _pc.Clock;
    private MemoryMap _map => _pc.Map;
    private PortBus _bus => _pc.Bus;
    private Pic8259Pair _pic => _pc.Pic;
    private Fdc82077 _fdc => _pc.Fdc;
    private Kbc8042 _kbc => _pc.Kbc;
    private ITimedDevice[] _timed => _pc.Timed;

    /// <summary>Advances the clock to the earliest device event and runs it.</summary>
    private void RunToNextEvent()
    {
        long next = _timed.Min(d => d.NextEventNs);
        Assert.NotEqual(long.MaxValue, next);
        _clock.NowNs = next;
        foreach (var d in _timed)
            if (d.NextEventNs <= next) d.Advance(next);
    }

    [Fact]
    public void Timer_tick_reaches_the_cpu_as_vector_08h()
    {
        _bus.Out8(0x43, 0x36); _bus.Out8(0x40, 0); _bus.Out8(0x40, 0);
        _pic.Acknowledge(); // the edge made by programming the counter
        _bus.Out8(0x20, 0x20);
        RunToNextEvent();
        Assert.True(_pic.Intr);
        Assert.Equal(0x08, _pic.Acknowledge());
        Assert.InRange(_clock.NowNs, 54_900_000, 54_950_000);
    }

    [Fact]
    public void Floppy_reset_interrupt_arrives_as_vector_0eh()
    {
        _bus.Out8(0x3F2, 0x00);
        _bus.Out8(0x3F2, 0x0C);
        Assert.Equal(0x0E, _pic.Acknowledge());
    }

    [Fact]
    public void Rtc_periodic_interrupt_arrives_through_the_slave_as_vector_70h()
    {
        _bus.Out8(0x70, 0x0B); _bus.Out8(0x71, 0x42);
        RunToNextEvent();
        Assert.Equal(0x70, _pic.Acknowledge());
    }

    [Fact]
    public void Key_press_arrives_as_vector_09h_with_its_scan_code()
    {
        _kbc.KeyDown(HostKey.Enter);
        Assert.Equal(0x09, _pic.Acknowledge());
        Assert.Equal(0x1C, _bus.In8(0x60));
    }

    [Fact]
    public void Keyboard_controller_drives_the_memory_map_a20_gate()
    {
        _bus.Out8(0x64, 0xD1); _bus.Out8(0x60, 0xDD);
        Assert.False(_map.A20);
        _bus.Out8(0x64, 0xDF);
        Assert.True(_map.A20);
    }

    [Fact]
    public void Port_3f6h_is_left_to_the_hard_disk_controller()
    {
        Assert.Null(_bus.DeviceAt(0x3F6));
        Assert.Same(_fdc, _bus.DeviceAt(0x3F7));
    }
}
