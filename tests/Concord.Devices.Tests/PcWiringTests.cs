using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Cmos;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Power;
using Concord.Devices.Video;

namespace Concord.Devices.Tests;

/// <summary>All the devices of one PC on one port bus, wired as a machine would wire them.</summary>
public sealed class PcWiringTests : IDisposable
{
    private readonly FakeClock _clock = new();
    private readonly RecordingIrqLine _intr = new();
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly PortBus _bus = new();
    private readonly Pic8259Pair _pic;
    private readonly Pit8254 _pit;
    private readonly Fdc82077 _fdc;
    private readonly Kbc8042 _kbc;
    private readonly Rtc146818 _rtc;
    private readonly ITimedDevice[] _timed;

    public PcWiringTests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _pic = new Pic8259Pair(_intr);
        _pit = new Pit8254(_clock, _pic.Irq(0));
        var dma = new Dma8237(new MemoryMapDmaMemory(_map));
        _fdc = new Fdc82077(_clock, _pic.Irq(Fdc82077.DefaultIrq), dma);
        _fdc.Attach(0, new FloppyDrive(_clock));
        _kbc = new Kbc8042(_pic.Irq(Kbc8042.DefaultIrq));
        _kbc.A20Changed += on => _map.A20 = on;
        _rtc = new Rtc146818(_clock, new DateTime(2000, 1, 1), _pic.Irq(Rtc146818.DefaultIrq));

        _bus.Map(0x00, 16, dma);
        _bus.Map(Dma8237.Channel2PagePort, 3, dma);
        _bus.Map(Dma8237.Channel0PagePort, 1, dma);
        _bus.Map(Pic8259Pair.MasterCommandPort, 2, _pic);
        _bus.Map(Pic8259Pair.SlaveCommandPort, 2, _pic);
        _bus.Map(Pit8254.Counter0Port, 4, _pit);
        _bus.Map(SystemControlPortB.Port, 1, new SystemControlPortB(_pit, _clock));
        _bus.Map(Kbc8042.DataPort, 1, _kbc);
        _bus.Map(Kbc8042.StatusCommandPort, 1, _kbc);
        _bus.Map(Rtc146818.IndexPort, 2, _rtc);
        _bus.Map(PowerRelay.Port, 1, new PowerRelay());
        _bus.Map(Fdc82077.PrimaryBasePort, 6, _fdc);
        _bus.Map(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset, 1, _fdc);
        _bus.Map(TextVideo.CrtcIndexPort, 2, new TextVideo(_map, _clock));
        _bus.Map(TextVideo.ModeControlPort, 3, _bus.DeviceAt(TextVideo.CrtcIndexPort)!);
        _timed = [_pit, _fdc, _rtc];

        // The BIOS's PIC initialization.
        foreach (var (port, value) in new (ushort, byte)[]
        {
            (0x20, 0x11), (0x21, 0x08), (0x21, 0x04), (0x21, 0x01),
            (0xA0, 0x11), (0xA1, 0x70), (0xA1, 0x02), (0xA1, 0x01),
            (0x21, 0x00), (0xA1, 0x00),
        })
            _bus.Out8(port, value);
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

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
