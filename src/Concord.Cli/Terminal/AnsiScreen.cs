using System.Text;
using Concord.Devices.Video;

namespace Concord.Cli.Terminal;

/// <summary>
/// Draws guest text screens with ANSI escape sequences: each cell's Unicode text (CP437 glyphs on a
/// PC, JIS characters on a PC-98: a kanji is one double-width character over its two cells), CGA
/// colours from the attribute bytes (foreground bits 0-3 with bright colours, background bits 4-6,
/// blink bit 7 as blinking text, the blink a CGA shows by default), underline from the cell's
/// style, and the cursor where the CRTC or GDC puts it. A terminal with fewer rows than the screen
/// shows the rows around the cursor (where DOS is typing), never more than the terminal holds.
/// </summary>
internal static class AnsiScreen
{
    // CGA colour order (black, blue, green, cyan, red, magenta, brown, light grey) to ANSI's (black, red, green, yellow, blue, magenta, cyan, white).
    private static ReadOnlySpan<byte> CgaToAnsi => [0, 4, 2, 6, 1, 5, 3, 7];

    public const string EnterAlternateScreen = "\e[?1049h\e[2J";
    public const string LeaveAlternateScreen = "\e[0m\e[?25h\e[?1049l";
    public const string ClearScreen = "\e[0m\e[2J";

    /// <summary>
    /// The escape sequences that draw <paramref name="screen"/> from the top-left corner of a terminal
    /// of <paramref name="columns"/> x <paramref name="rows"/>, and <paramref name="status"/> on the line under it.
    /// </summary>
    public static string Render(TextScreen screen, string status, int columns, int rows)
    {
        var sb = new StringBuilder(screen.Columns * screen.Rows * 2 + 256);
        sb.Append("\e[?25l");
        int visible = Math.Clamp(rows - 1, 1, screen.Rows);
        var cursor = AppendScreen(sb, screen, top: 1, left: 1, WindowStart(screen, visible), visible, columns);
        AppendLine(sb, visible + 1, 1, status, Math.Min(columns, screen.Columns), reverse: true);
        AppendCursor(sb, cursor);
        return sb.ToString();
    }

    /// <summary>
    /// The first screen row to show when only <paramref name="visibleRows"/> fit: the rows ending at the
    /// cursor's (the bottom rows when the cursor is off the screen), all of them when they fit.
    /// </summary>
    public static int WindowStart(TextScreen screen, int visibleRows)
    {
        if (visibleRows >= screen.Rows) return 0;
        int last = screen.CursorRow < 0 ? screen.Rows - 1 : Math.Max(screen.CursorRow, visibleRows - 1);
        return last - visibleRows + 1;
    }

    /// <summary>
    /// Draws rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rowCount"/> - 1 of
    /// <paramref name="screen"/> with their top-left corner at terminal row <paramref name="top"/>, column
    /// <paramref name="left"/> (1-based), cut at <paramref name="maxColumns"/> columns. Returns where the
    /// terminal cursor goes when the guest's cursor is visible and inside what was drawn.
    /// </summary>
    public static (int Row, int Col)? AppendScreen(StringBuilder sb, TextScreen screen, int top, int left, int firstRow, int rowCount, int maxColumns)
    {
        int width = Math.Min(screen.Columns, maxColumns);
        int lastLook = -1;
        for (int i = 0; i < rowCount; i++)
        {
            int row = firstRow + i;
            sb.Append("\e[").Append(top + i).Append(';').Append(left).Append('H');
            bool wideOpen = false; // the cell before began a double-width character, which covers this one
            for (int col = 0; col < width; col++)
            {
                char c = screen.TextAt(row, col);
                if (c == TextScreen.WideContinuation && wideOpen)
                {
                    wideOpen = false;
                    continue;
                }
                bool wide = col + 1 < screen.Columns && screen.TextAt(row, col + 1) == TextScreen.WideContinuation;
                if (wide && col + 1 >= width) c = ' '; // half of it would stick out past the edge
                int look = screen.AttributeAt(row, col) | (int)screen.StyleAt(row, col) << 8;
                if (look != lastLook)
                {
                    AppendLook(sb, look);
                    lastLook = look;
                }
                sb.Append(c == TextScreen.WideContinuation ? ' ' : c);
                wideOpen = wide && c != ' ';
            }
        }
        sb.Append("\e[0m");
        bool inside = screen.CursorVisible && screen.CursorRow >= firstRow && screen.CursorRow < firstRow + rowCount && screen.CursorColumn < width;
        return inside ? (top + screen.CursorRow - firstRow, left + screen.CursorColumn) : null;
    }

    /// <summary>Plain <paramref name="text"/> at (<paramref name="row"/>, <paramref name="col"/>), padded or cut to exactly <paramref name="width"/> columns.</summary>
    public static void AppendLine(StringBuilder sb, int row, int col, string text, int width, bool reverse = false)
    {
        if (width <= 0) return;
        sb.Append("\e[").Append(row).Append(';').Append(col).Append("H\e[0m");
        if (reverse) sb.Append("\e[7m");
        sb.Append(text.Length > width ? text[..width] : text.PadRight(width)).Append("\e[0m");
    }

    /// <summary>Shows the terminal cursor at <paramref name="cursor"/>, or leaves it hidden.</summary>
    public static void AppendCursor(StringBuilder sb, (int Row, int Col)? cursor)
    {
        if (cursor is { } at) sb.Append("\e[").Append(at.Row).Append(';').Append(at.Col).Append("H\e[?25h");
    }

    /// <summary>The SGR sequence for an attribute byte (bits 0-7) and a <see cref="TextStyle"/> (bits 8-15).</summary>
    private static void AppendLook(StringBuilder sb, int look)
    {
        int fg = look & 0x0F, bg = (look >> 4) & 0x07;
        int fgCode = fg < 8 ? 30 + CgaToAnsi[fg] : 90 + CgaToAnsi[fg - 8];
        sb.Append("\e[0;").Append(fgCode).Append(';').Append(40 + CgaToAnsi[bg]);
        if ((look & 0x80) != 0) sb.Append(";5");
        if (((TextStyle)(look >> 8) & TextStyle.Underline) != 0) sb.Append(";4");
        sb.Append('m');
    }
}
