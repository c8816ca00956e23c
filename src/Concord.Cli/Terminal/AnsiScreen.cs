using System.Text;
using Concord.Devices.Video;

namespace Concord.Cli.Terminal;

/// <summary>
/// Draws a guest text screen with ANSI escape sequences: CGA colours from the attribute bytes
/// (foreground bits 0-3 with bright colours, background bits 4-6; the blink bit is ignored), the
/// cursor where the CRTC puts it, and a status line under the 25 rows.
/// </summary>
internal static class AnsiScreen
{
    // CGA colour order (black, blue, green, cyan, red, magenta, brown, light grey) to ANSI's (black, red, green, yellow, blue, magenta, cyan, white).
    private static ReadOnlySpan<byte> CgaToAnsi => [0, 4, 2, 6, 1, 5, 3, 7];

    public const string EnterAlternateScreen = "\e[?1049h\e[2J";
    public const string LeaveAlternateScreen = "\e[0m\e[?25h\e[?1049l";

    /// <summary>The escape sequences that draw <paramref name="screen"/> and <paramref name="status"/> from the top-left corner.</summary>
    public static string Render(TextScreen screen, string status)
    {
        var sb = new StringBuilder(screen.Columns * screen.Rows * 2 + 256);
        sb.Append("\e[?25l\e[H");
        int lastAttribute = -1;
        for (int row = 0; row < screen.Rows; row++)
        {
            sb.Append("\e[").Append(row + 1).Append(";1H");
            for (int col = 0; col < screen.Columns; col++)
            {
                int attribute = screen.AttributeAt(row, col);
                if (attribute != lastAttribute)
                {
                    AppendColour(sb, attribute);
                    lastAttribute = attribute;
                }
                byte c = screen.CharacterAt(row, col);
                sb.Append(c == 0 ? ' ' : Cp437.ToChar(c));
            }
        }
        sb.Append("\e[0m\e[").Append(screen.Rows + 1).Append(";1H\e[7m");
        sb.Append(status.Length > screen.Columns ? status[..screen.Columns] : status.PadRight(screen.Columns));
        sb.Append("\e[0m");
        if (screen.CursorVisible && screen.CursorRow >= 0)
            sb.Append("\e[").Append(screen.CursorRow + 1).Append(';').Append(screen.CursorColumn + 1).Append("H\e[?25h");
        return sb.ToString();
    }

    private static void AppendColour(StringBuilder sb, int attribute)
    {
        int fg = attribute & 0x0F, bg = (attribute >> 4) & 0x07;
        int fgCode = fg < 8 ? 30 + CgaToAnsi[fg] : 90 + CgaToAnsi[fg - 8];
        sb.Append("\e[0;").Append(fgCode).Append(';').Append(40 + CgaToAnsi[bg]).Append('m');
    }
}
