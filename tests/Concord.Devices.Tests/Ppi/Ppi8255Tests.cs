using Concord.Devices.Ppi;

namespace Concord.Devices.Tests.Ppi;

public sealed class Ppi8255Tests
{
    private byte _b = 0xE8;
    private readonly Ppi8255 _ppi;

    public Ppi8255Tests() => _ppi = new Ppi8255(() => 0xF3, () => _b);

    [Fact]
    public void Ports_a_and_b_read_what_the_board_presents()
    {
        Assert.Equal(0xF3, _ppi.Read(Ppi8255.SystemPortA));
        _b = 0xE9;
        Assert.Equal(0xE9, _ppi.Read(Ppi8255.SystemPortB));
    }

    [Fact]
    public void Port_c_bits_are_set_and_reset_through_the_control_word()
    {
        var changes = new List<(byte, byte)>();
        _ppi.PortCChanged += (o, n) => changes.Add((o, n));
        _ppi.Write(Ppi8255.SystemControl, 0x07);   // bit 3 set: beeper off
        _ppi.Write(Ppi8255.SystemControl, 0x06);   // bit 3 reset: beeper on
        _ppi.Write(Ppi8255.SystemPortC, 0xF9);
        Assert.Equal(0xF9, _ppi.Read(Ppi8255.SystemPortC));
        Assert.Equal([(0, 8), (8, 0), (0, 0xF9)], changes);
    }

    [Fact]
    public void A_mode_set_clears_port_c()
    {
        _ppi.Write(Ppi8255.SystemPortC, 0xFF);
        _ppi.Write(Ppi8255.SystemControl, 0x92);
        Assert.Equal(0, _ppi.PortC);
        Assert.Equal(0x92, _ppi.Mode);
    }
}
