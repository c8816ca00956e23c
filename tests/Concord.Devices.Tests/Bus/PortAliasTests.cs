using Concord.Devices.Bus;
using Concord.Devices.Pic;

namespace Concord.Devices.Tests.Bus;

public sealed class PortAliasTests
{
    private sealed class Recorder : IPortDevice
    {
        public List<string> Log { get; } = [];
        public byte Read(ushort port) { Log.Add($"r{port:X}"); return (byte)port; }
        public void Write(ushort port, byte value) => Log.Add($"w{port:X}={value:X}");
    }

    [Fact]
    public void Board_ports_reach_the_chip_at_the_ports_its_class_decodes()
    {
        var chip = new Recorder();
        var bus = new PortBus();
        new PortAlias(chip, (0x00, 0x20), (0x02, 0x21)).MapOn(bus);

        bus.Out8(0x02, 0x7D);
        Assert.Equal(0x20, bus.In8(0x00));
        Assert.Equal(0xFF, bus.In8(0x01)); // between them: nothing mapped
        Assert.Equal(["w21=7D", "r20"], chip.Log);
    }

    [Fact]
    public void A_board_port_given_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PortAlias(new Recorder(), (0x00, 0x20), (0x00, 0x21)));
    }

    [Fact]
    public void The_pc98_pic_pair_takes_the_slave_on_ir7_at_00h_and_08h()
    {
        var intr = new RecordingIrqLine();
        var pic = new Pic8259Pair(intr, Pic8259Pair.Pc98CascadeIrq);
        var bus = new PortBus();
        new PortAlias(pic, (0x00, 0x20), (0x02, 0x21), (0x08, 0xA0), (0x0A, 0xA1)).MapOn(bus);
        foreach (var (port, value) in new (ushort, byte)[]
        {
            (0x00, 0x11), (0x02, 0x08), (0x02, 0x80), (0x02, 0x1D),
            (0x08, 0x11), (0x0A, 0x10), (0x0A, 0x07), (0x0A, 0x09),
            (0x02, 0x7F), (0x0A, 0xF7),
        })
            bus.Out8(port, value);

        pic.Irq(11).Set(true);                   // the 1 MB floppy interface: slave IR3

        Assert.True(intr.Level);
        Assert.Equal(0x13, pic.Acknowledge());
    }
}
