using System.Text;

namespace Concord.Devices.Video;

/// <summary>A copy of a text screen: character and attribute bytes row by row, and the cursor.</summary>
public sealed class TextScreen(int columns, int rows, byte[] characters, byte[] attributes, int cursorRow, int cursorColumn, bool cursorVisible)
{
    public int Columns { get; } = columns;
    public int Rows { get; } = rows;
    /// <summary>CP437 codes, <see cref="Columns"/> per row.</summary>
    public byte[] Characters { get; } = characters;
    public byte[] Attributes { get; } = attributes;
    /// <summary>The cursor's row, or -1 when the cursor location is outside the screen.</summary>
    public int CursorRow { get; } = cursorRow;
    public int CursorColumn { get; } = cursorColumn;
    public bool CursorVisible { get; } = cursorVisible;

    public byte CharacterAt(int row, int column) => Characters[row * Columns + column];

    public byte AttributeAt(int row, int column) => Attributes[row * Columns + column];

    /// <summary>One row as Unicode, trailing blanks removed.</summary>
    public string Line(int row)
    {
        var chars = new char[Columns];
        for (int c = 0; c < Columns; c++) chars[c] = Cp437.ToChar(Characters[row * Columns + c]);
        return new string(chars).TrimEnd(' ', '\u00A0');
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
