using Concord.Devices.Keyboard;

namespace Concord.Devices.Tests.Keyboard;

public sealed class Usart8251Tests
{
    private readonly RecordingIrqLine _irq = new();
    private readonly Usart8251 _usart;

    public Usart8251Tests() => _usart = new Usart8251(_irq);

    private void Setup(byte command = 0x16)
    {
        _usart.Write(Usart8251.ControlPort, 0x5E);    // mode
        _usart.Write(Usart8251.ControlPort, command); // command
    }

    [Fact]
    public void The_first_control_write_is_the_mode_and_the_next_the_command()
    {
        Setup();
        Assert.Equal(0x5E, _usart.Mode);
        Assert.Equal(Usart8251Command.ReceiveEnable | Usart8251Command.DataTerminalReady, _usart.Command);
    }

    [Fact]
    public void A_character_raises_rxrdy_and_its_interrupt_until_it_is_read()
    {
        Setup();
        _usart.Receive(0x1D);

        Assert.True(_irq.Level);
        Assert.Equal((byte)(Usart8251Status.TxReady | Usart8251Status.TxEmpty | Usart8251Status.RxReady), _usart.Read(Usart8251.ControlPort));
        Assert.Equal(0x1D, _usart.Read(Usart8251.DataPort));
        Assert.False(_irq.Level);
        Assert.False(_usart.RxReady);
    }

    [Fact]
    public void Characters_wait_on_the_line_and_each_raises_its_own_edge()
    {
        Setup();
        _usart.Receive(1);
        _usart.Receive(2);
        _usart.Receive(3);

        Assert.Equal(1, _usart.Read(Usart8251.DataPort));
        Assert.Equal(2, _usart.Read(Usart8251.DataPort));
        Assert.Equal(3, _usart.Read(Usart8251.DataPort));
        Assert.Equal(3, _irq.RisingEdges);
        Assert.Equal(0, _usart.Pending);
    }

    [Fact]
    public void Nothing_arrives_while_the_receiver_is_disabled()
    {
        Setup(command: 0x02);
        _usart.Receive(0x10);
        Assert.False(_irq.Level);
        Assert.Equal(1, _usart.Pending);

        _usart.Write(Usart8251.ControlPort, 0x16);
        Assert.True(_irq.Level);
    }

    [Fact]
    public void An_internal_reset_makes_the_next_control_write_a_mode_again()
    {
        Setup();
        _usart.Write(Usart8251.ControlPort, 0x40);
        _usart.Write(Usart8251.ControlPort, 0x4E);
        Assert.Equal(0x4E, _usart.Mode);
        Assert.Equal(Usart8251Command.None, _usart.Command);
    }
}
