using Concord.Devices.Chipset;

namespace Concord.Devices.Tests.Chipset;

public sealed class SystemControlPortATests
{
    [Fact]
    public void Bit_1_switches_A20_and_reports_each_change_once()
    {
        var port = new SystemControlPortA();
        var changes = new List<bool>();
        port.A20Changed += changes.Add;

        port.Write(SystemControlPortA.Port, 0x02);
        port.Write(SystemControlPortA.Port, 0x02);
        port.Write(SystemControlPortA.Port, 0x00);

        Assert.Equal([true, false], changes);
        Assert.False(port.A20);
    }

    [Fact]
    public void Bit_0_requests_a_reset_and_reads_back_as_0()
    {
        var port = new SystemControlPortA();
        int resets = 0;
        port.ResetRequested += () => resets++;

        port.Write(SystemControlPortA.Port, 0x03);

        Assert.Equal(1, resets);
        Assert.Equal(0x02, port.Read(SystemControlPortA.Port));
        Assert.True(port.A20);
    }

    [Fact]
    public void Other_bits_read_back_as_written()
    {
        var port = new SystemControlPortA();
        port.Write(SystemControlPortA.Port, 0xF4);
        Assert.Equal(0xF4, port.Read(SystemControlPortA.Port));
        Assert.False(port.A20);
    }
}
