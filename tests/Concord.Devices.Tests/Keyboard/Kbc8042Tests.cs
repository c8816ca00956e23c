using Concord.Devices.Keyboard;

namespace Concord.Devices.Tests.Keyboard;

public sealed class Kbc8042Tests
{
    private readonly RecordingIrqLine _irq1 = new();
    private readonly Kbc8042 _kbc;

    public Kbc8042Tests() => _kbc = new Kbc8042(_irq1);

    private List<byte> Drain()
    {
        var bytes = new List<byte>();
        while ((_kbc.Read(0x64) & 0x01) != 0) bytes.Add(_kbc.Read(0x60));
        return bytes;
    }

    [Fact]
    public void Self_test_answers_55h()
    {
        _kbc.Write(0x64, 0xAA);
        Assert.Equal(0x01, _kbc.Read(0x64) & 0x01);
        Assert.Equal(0x55, _kbc.Read(0x60));
        Assert.Equal(0x00, _kbc.Read(0x64) & 0x01);
    }

    [Fact]
    public void Status_shows_command_last_and_no_input_buffer_full()
    {
        _kbc.Write(0x64, 0xAB);
        Assert.Equal(0x08, _kbc.Read(0x64) & 0x0A);
        Assert.Equal(new byte[] { 0x00 }, Drain());
        _kbc.Write(0x60, 0xEE);
        Assert.Equal(0x00, _kbc.Read(0x64) & 0x0A);
    }

    [Fact]
    public void Command_byte_is_written_and_read_back()
    {
        _kbc.Write(0x64, 0x60);
        _kbc.Write(0x60, 0x45);
        _kbc.Write(0x64, 0x20);
        Assert.Equal(new byte[] { 0x45 }, Drain());
        Assert.Equal(0x04, _kbc.Read(0x64) & 0x04); // SYS flag
    }

    [Fact]
    public void Keyboard_reset_answers_ack_and_bat_passed()
    {
        _kbc.Write(0x60, 0xFF);
        Assert.Equal(new byte[] { 0xFA, 0xAA }, Drain());
    }

    [Fact]
    public void Set_leds_takes_a_parameter_byte()
    {
        _kbc.Write(0x60, 0xED);
        Assert.Equal(new byte[] { 0xFA }, Drain());
        _kbc.Write(0x60, 0x06);
        Assert.Equal(new byte[] { 0xFA }, Drain());
        Assert.Equal(KeyboardLeds.NumLock | KeyboardLeds.CapsLock, _kbc.Leds);
    }

    [Fact]
    public void Echo_and_identify_answer_as_an_mf2_keyboard()
    {
        _kbc.Write(0x60, 0xEE);
        Assert.Equal(new byte[] { 0xEE }, Drain());
        _kbc.Write(0x60, 0xF2);
        Assert.Equal(new byte[] { 0xFA, 0xAB, 0x41 }, Drain());
    }

    [Fact]
    public void Key_press_queues_set_1_make_and_break_codes_with_irq1()
    {
        _kbc.KeyDown(HostKey.A);
        Assert.True(_irq1.Level);
        Assert.Equal(0x1E, _kbc.Read(0x60));
        Assert.False(_irq1.Level);
        _kbc.KeyUp(HostKey.A);
        Assert.True(_irq1.Level);
        Assert.Equal(0x9E, _kbc.Read(0x60));
        Assert.Equal(2, _irq1.RisingEdges);
    }

    [Fact]
    public void Extended_keys_are_sent_with_the_e0_prefix()
    {
        _kbc.KeyDown(HostKey.Up);
        _kbc.KeyUp(HostKey.Up);
        Assert.Equal(new byte[] { 0xE0, 0x48, 0xE0, 0xC8 }, Drain());
    }

    [Fact]
    public void Typing_a_capital_holds_shift()
    {
        Assert.True(_kbc.Type('H'));
        Assert.Equal(new byte[] { 0x2A, 0x23, 0xA3, 0xAA }, Drain());
    }

    [Fact]
    public void Typing_symbols_enter_and_control_characters()
    {
        Assert.True(_kbc.Type("a!\r\x03"));
        Assert.Equal(new byte[]
        {
            0x1E, 0x9E,
            0x2A, 0x02, 0x82, 0xAA,
            0x1C, 0x9C,
            0x1D, 0x2E, 0xAE, 0x9D,
        }, Drain());
    }

    [Fact]
    public void Characters_without_a_key_are_refused()
    {
        Assert.False(_kbc.Type('é'));
        Assert.Equal(0, _kbc.PendingBytes);
    }

    [Fact]
    public void Disabled_keyboard_holds_keystrokes_until_enabled()
    {
        _kbc.Write(0x64, 0xAD);
        _kbc.KeyDown(HostKey.Escape);
        Assert.Equal(0, _kbc.Read(0x64) & 0x01);
        _kbc.Write(0x64, 0xAE);
        Assert.Equal(new byte[] { 0x01 }, Drain());
    }

    [Fact]
    public void Replies_go_out_before_queued_keystrokes()
    {
        _kbc.KeyDown(HostKey.B); // goes into the output buffer at once
        _kbc.KeyUp(HostKey.B); // waits in the keyboard's queue
        _kbc.Write(0x64, 0x20);
        Assert.Equal(new byte[] { 0x30, 0x41, 0xB0 }, Drain());
    }

    [Fact]
    public void Interrupt_bit_clear_keeps_irq1_low()
    {
        _kbc.Write(0x64, 0x60);
        _kbc.Write(0x60, 0x44);
        _kbc.KeyDown(HostKey.C);
        Assert.False(_irq1.Level);
        Assert.Equal(0x01, _kbc.Read(0x64) & 0x01);
    }

    [Fact]
    public void Output_port_write_switches_a20_and_reports_it()
    {
        var changes = new List<bool>();
        _kbc.A20Changed += changes.Add;
        _kbc.Write(0x64, 0xD1);
        _kbc.Write(0x60, 0xDD);
        Assert.False(_kbc.A20);
        _kbc.Write(0x64, 0xD1);
        _kbc.Write(0x60, 0xDF);
        Assert.True(_kbc.A20);
        Assert.Equal([false, true], changes);
        _kbc.Write(0x64, 0xD0);
        Assert.Equal(0x02, Drain()[0] & 0x02);
    }

    [Fact]
    public void Pulse_command_fe_requests_a_cpu_reset()
    {
        int resets = 0;
        _kbc.ResetRequested += () => resets++;
        _kbc.Write(0x64, 0xFE);
        Assert.Equal(1, resets);
    }

    [Fact]
    public void Disabled_scanning_drops_keys()
    {
        _kbc.Write(0x60, 0xF5);
        Drain();
        _kbc.KeyDown(HostKey.D);
        Assert.Empty(Drain());
        _kbc.Write(0x60, 0xF4);
        Drain();
        _kbc.KeyDown(HostKey.D);
        Assert.Equal(new byte[] { 0x20 }, Drain());
    }

    [Fact]
    public void Function_keys_f1_to_f10_have_consecutive_codes()
    {
        _kbc.KeyDown(HostKey.F1);
        _kbc.KeyDown(HostKey.F10);
        _kbc.KeyDown(HostKey.Backspace);
        _kbc.KeyDown(HostKey.Tab);
        Assert.Equal(new byte[] { 0x3B, 0x44, 0x0E, 0x0F }, Drain());
    }
}
