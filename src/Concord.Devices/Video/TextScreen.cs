using System.Text;

namespace Concord.Devices.Video;

/// <summary>
/// A copy of a text screen: each cell's character and attribute, row by row, and the cursor.
/// </summary>
/// <remarks>
/// <see cref="Characters"/> are CP437 codes (what a PC's character ROM would draw); <see cref="Text"/>
/// is what the cells show as Unicode, which for a PC screen is the CP437 glyph and for a PC-98 screen
/// its JIS X 0201 / JIS X 0208 character. A double-width character (a kanji) fills two cells: the
/// left one holds it, the right one <see cref="WideContinuation"/>. <see cref="Attributes"/> are
/// CP437-screen attribute bytes (foreground bits 0-3, background 4-6, blink 7); <see cref="Styles"/>
/// adds what such a byte cannot say (underline).
/// </remarks>
public sealed class TextScreen
{
    /// <summary>The <see cref="Text"/> of the right half of a double-width character.</summary>
    public const char WideContinuation = '\0';

    public TextScreen(int columns, int rows, byte[] characters, byte[] attributes, int cursorRow, int cursorColumn, bool cursorVisible,
        char[]? text = null, TextStyle[]? styles = null)
    {
        Columns = columns;
        Rows = rows;
        Characters = characters;
        Attributes = attributes;
        CursorRow = cursorRow;
        CursorColumn = cursorColumn;
        CursorVisible = cursorVisible;
        if (text is null)
        {
            text = new char[characters.Length];
            for (int i = 0; i < text.Length; i++) text[i] = Cp437.ToChar(characters[i]);
        }
        Text = text;
        Styles = styles ?? new TextStyle[characters.Length];
    }

    public int Columns { get; }
    public int Rows { get; }
    /// <summary>CP437 codes, <see cref="Columns"/> per row.</summary>
    public byte[] Characters { get; }
    public byte[] Attributes { get; }
    /// <summary>Each cell as Unicode; <see cref="WideContinuation"/> in the right half of a double-width character.</summary>
    public char[] Text { get; }
    public TextStyle[] Styles { get; }
    /// <summary>The cursor's row, or -1 when the cursor location is outside the screen.</summary>
    public int CursorRow { get; }
    public int CursorColumn { get; }
    public bool CursorVisible { get; }

    public byte CharacterAt(int row, int column) => Characters[row * Columns + column];

    public byte AttributeAt(int row, int column) => Attributes[row * Columns + column];

    public char TextAt(int row, int column) => Text[row * Columns + column];

    public TextStyle StyleAt(int row, int column) => Styles[row * Columns + column];

    /// <summary>One row as Unicode (a double-width character once), trailing blanks removed.</summary>
    public string Line(int row)
    {
        var line = new StringBuilder(Columns);
        for (int c = 0; c < Columns; c++)
        {
            char ch = Text[row * Columns + c];
            if (ch != WideContinuation) line.Append(ch);
        }
        return line.ToString().TrimEnd(' ', '\u00A0');
    }

    /// <summary>The screen as Unicode text: one line per row, trailing blanks removed, rows joined with '\n'.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Rows * (Columns + 1));
        for (int r = 0; r < Rows; r++)
        {
            if (r > 0) text.Append('\n');
            text.Append(Line(r));
        }
        return text.ToString();
    }

    public bool Contains(string text) => ToText().Contains(text, StringComparison.Ordinal);

    public override string ToString() => ToText();
}
