using Concord.Devices.Keyboard;

namespace Concord.Devices.Tests.Keyboard;

public sealed class Pc98KeyboardTests
{
    private readonly Usart8251 _usart = new();
    private readonly Pc98Keyboard _keyboard;

    public Pc98KeyboardTests()
    {
        _keyboard = new Pc98Keyboard(_usart);
        _usart.Write(Usart8251.ControlPort, 0x5E);
        _usart.Write(Usart8251.ControlPort, 0x16);
    }

    private List<byte> Sent()
    {
        var bytes = new List<byte>();
        while (_usart.RxReady) bytes.Add(_usart.Read(Usart8251.DataPort));
        return bytes;
    }

    [Theory]
    [InlineData(HostKey.A, 0x1D)]
    [InlineData(HostKey.Enter, 0x1C)]
    [InlineData(HostKey.Escape, 0x00)]
    [InlineData(HostKey.F1, 0x62)]
    [InlineData(HostKey.F10, 0x6B)]
    [InlineData(HostKey.Home, 0x3E)]      // HOME/CLR
    [InlineData(HostKey.End, 0x3F)]       // HELP
    [InlineData(HostKey.PageDown, 0x36)]  // ROLL UP
    [InlineData(HostKey.PageUp, 0x37)]    // ROLL DOWN
    [InlineData(HostKey.Break, 0x60)]     // STOP
    [InlineData(HostKey.PrintScreen, 0x61)] // COPY
    [InlineData(HostKey.Henkan, 0x35)]    // XFER
    [InlineData(HostKey.Muhenkan, 0x51)]  // NFER
    [InlineData(HostKey.LeftAlt, 0x73)]   // GRPH
    [InlineData(HostKey.Up, 0x3A)]
    public void A_host_key_press_and_release_send_the_pc98_make_and_break_codes(HostKey key, byte code)
    {
        _keyboard.KeyDown(key);
        _keyboard.KeyUp(key);
        Assert.Equal([code, (byte)(code | 0x80)], Sent());
    }

    [Fact]
    public void Caps_and_kana_lock_make_on_the_first_press_and_break_on_the_second()
    {
        _keyboard.KeyDown(HostKey.CapsLock);
        _keyboard.KeyUp(HostKey.CapsLock);
        Assert.True(_keyboard.CapsLocked);
        _keyboard.KeyDown(HostKey.KatakanaHiragana);
        _keyboard.KeyDown(HostKey.CapsLock);
        Assert.Equal([0x71, 0x72, 0xF1], Sent());
        Assert.False(_keyboard.CapsLocked);
        Assert.True(_keyboard.KanaLocked);
    }

    [Theory]
    [InlineData('a', 0x1D, false)]
    [InlineData('A', 0x1D, true)]
    [InlineData('@', 0x1A, false)]
    [InlineData('"', 0x02, true)]
    [InlineData('\\', 0x0D, false)]    // the yen key types 5Ch
    [InlineData('|', 0x0D, true)]
    [InlineData('_', 0x33, true)]
    [InlineData(':', 0x27, false)]
    [InlineData('*', 0x27, true)]
    [InlineData('\r', 0x1C, false)]
    [InlineData(' ', 0x34, false)]
    public void A_character_is_typed_with_the_key_and_shift_the_bios_tables_give_it(char c, byte code, bool shift)
    {
        Assert.True(_keyboard.Type(c));
        byte[] expected = shift ? [0x70, code, (byte)(code | 0x80), 0xF0] : [code, (byte)(code | 0x80)];
        Assert.Equal(expected, Sent());
    }

    [Fact]
    public void Control_characters_are_typed_with_ctrl()
    {
        Assert.True(_keyboard.Type('\x03')); // Ctrl+C
        Assert.Equal([0x74, 0x2B, 0xAB, 0xF4], Sent());
    }

    [Fact]
    public void Every_printable_ascii_character_but_none_else_has_a_key()
    {
        for (char c = ' '; c <= '~'; c++) Assert.True(Pc98Keyboard.TryMapChar(c, out _, out _, out _), $"'{c}'");
        Assert.False(Pc98Keyboard.TryMapChar('é', out _, out _, out _));
        Assert.False(_keyboard.Type('\0'));
    }

    [Fact]
    public void Idle_means_nothing_unread_and_nothing_on_the_line()
    {
        Assert.True(_keyboard.Idle);
        _keyboard.Press(Pc98KeyCode.Q);
        Assert.False(_keyboard.Idle);
        Sent();
        Assert.True(_keyboard.Idle);
    }
}
