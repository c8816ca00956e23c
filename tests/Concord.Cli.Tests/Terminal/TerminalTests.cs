using Concord.Cli.Terminal;
using Concord.Devices.Keyboard;
using Concord.Devices.Video;

namespace Concord.Cli.Tests.Terminal;

/// <summary>The terminal UI's pieces that need no terminal: key mapping and screen rendering.</summary>
public sealed class TerminalTests
{
    private static ConsoleKeyInfo Key(char c, ConsoleKey key, bool shift = false, bool alt = false, bool control = false) =>
        new(c, key, shift, alt, control);

    [Fact]
    public void Ctrl_right_bracket_quits_however_the_terminal_reports_it()
    {
        Assert.IsType<KeyAction.Quit>(KeyMapper.Map(Key('\x1D', ConsoleKey.Oem6, control: true)));
        Assert.IsType<KeyAction.Quit>(KeyMapper.Map(Key('\0', ConsoleKey.D5, control: true))); // .NET on Unix
    }

    [Fact]
    public void Ctrl_C_interrupts()
    {
        Assert.IsType<KeyAction.Interrupt>(KeyMapper.Map(Key('\x03', ConsoleKey.C, control: true)));
    }

    [Fact]
    public void Characters_are_typed_and_special_keys_pressed_with_their_modifiers()
    {
        Assert.Equal(new KeyAction.Type('A'), KeyMapper.Map(Key('A', ConsoleKey.A, shift: true)));
        Assert.Equal(new KeyAction.Press(HostKey.Up, false, false, false), KeyMapper.Map(Key('\0', ConsoleKey.UpArrow)));
        Assert.Equal(new KeyAction.Press(HostKey.F10, true, false, false), KeyMapper.Map(Key('\0', ConsoleKey.F10, shift: true)));
        Assert.Equal(new KeyAction.Press(HostKey.X, false, false, true), KeyMapper.Map(Key('x', ConsoleKey.X, alt: true)));
        Assert.Equal(new KeyAction.Press(HostKey.Z, false, true, false), KeyMapper.Map(Key('\x1A', ConsoleKey.Z, control: true)));
        Assert.Equal(new KeyAction.Press(HostKey.Enter, false, false, false), KeyMapper.Map(Key('\r', ConsoleKey.Enter)));
    }

    [Fact]
    public void Screen_is_drawn_with_cga_colours_the_status_line_and_the_cursor()
    {
        var characters = new byte[80 * 25];
        var attributes = new byte[80 * 25];
        Array.Fill(characters, (byte)' ');
        Array.Fill(attributes, (byte)0x07);
        characters[0] = (byte)'H'; attributes[0] = 0x1E; // yellow on blue
        characters[1] = 0xC9;                               // box corner in CP437
        var screen = new TextScreen(80, 25, characters, attributes, cursorRow: 2, cursorColumn: 5, cursorVisible: true);

        string ansi = AnsiScreen.Render(screen, "status", 80, 26);

        Assert.Contains("\e[0;93;44mH", ansi);   // CGA 14 (yellow) = bright ANSI 3; CGA 1 (blue) = ANSI 4
        Assert.Contains("\e[0;37;40m╔", ansi);   // light grey on black
        Assert.Contains("\e[26;1H\e[0m\e[7mstatus", ansi);
        Assert.EndsWith("\e[3;6H\e[?25h", ansi);
    }

    [Fact]
    public void A_terminal_of_25_rows_shows_the_rows_up_to_the_cursor_and_the_status_line_under_them()
    {
        TextScreen screen = Screens.Numbered(cursorRow: 24);

        AnsiGrid grid = AnsiGrid.Draw(AnsiScreen.Render(screen, "status", 80, 25), 80, 25);

        Assert.Equal("row 01", grid.Line(1));  // row 00 scrolled off: the prompt's row stays in view
        Assert.Equal("row 24", grid.Line(24));
        Assert.Equal("status", grid.Line(25));
        Assert.Equal((24, 7), grid.Cursor);
    }
}
