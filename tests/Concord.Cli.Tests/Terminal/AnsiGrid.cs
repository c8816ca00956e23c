using System.Text;
using Concord.Devices.Video;

namespace Concord.Cli.Tests.Terminal;

/// <summary>
/// A terminal of a fixed size that replays the escape sequences the UI writes (cursor position,
/// erase, colours, cursor shown/hidden) into a grid of characters. Writing past the right edge or
/// below the bottom fails the test: a real terminal would wrap or scroll and spoil the frame.
/// </summary>
internal sealed class AnsiGrid
{
    private readonly char[,] _cells;
    private readonly int _columns, _rows;
    private int _row = 1, _col = 1;
    private bool _cursorShown = true;

    private AnsiGrid(int columns, int rows)
    {
        _columns = columns;
        _rows = rows;
        _cells = new char[rows, columns];
        Clear();
    }

    /// <summary>Where the terminal's cursor is (1-based), or null when hidden.</summary>
    public (int Row, int Col)? Cursor => _cursorShown ? (_row, _col) : null;

    public static AnsiGrid Draw(string ansi, int columns, int rows)
    {
        var grid = new AnsiGrid(columns, rows);
        grid.Apply(ansi);
        return grid;
    }

    /// <summary>Row <paramref name="row"/> (1-based) as text, trailing blanks removed.</summary>
    public string Line(int row)
    {
        var text = new StringBuilder(_columns);
        for (int c = 0; c < _columns; c++) text.Append(_cells[row - 1, c]);
        return text.ToString().TrimEnd();
    }

    /// <summary>Every row, joined with new lines.</summary>
    public string Text() => string.Join("\n", Enumerable.Range(1, _rows).Select(Line));

    private void Clear()
    {
        for (int r = 0; r < _rows; r++)
            for (int c = 0; c < _columns; c++) _cells[r, c] = ' ';
    }

    private void Apply(string ansi)
    {
        for (int i = 0; i < ansi.Length; i++)
        {
            if (ansi[i] != '\e')
            {
                if (_row > _rows || _col > _columns)
                    throw new InvalidOperationException($"'{ansi[i]}' written at row {_row}, column {_col}: outside the {_columns}x{_rows} terminal");
                _cells[_row - 1, _col - 1] = ansi[i];
                _col++;
                continue;
            }
            if (ansi[++i] != '[') throw new InvalidOperationException($"unexpected escape ESC {ansi[i]}");
            int start = ++i;
            while (!char.IsLetter(ansi[i])) i++;
            string parameters = ansi[start..i];
            switch (ansi[i])
            {
                case 'H':
                    string[] at = parameters.Split(';');
                    _row = parameters.Length == 0 ? 1 : int.Parse(at[0]);
                    _col = at.Length < 2 ? 1 : int.Parse(at[1]);
                    if (_row < 1 || _row > _rows || _col < 1 || _col > _columns)
                        throw new InvalidOperationException($"cursor moved to {_row};{_col}: outside the {_columns}x{_rows} terminal");
                    break;
                case 'J' when parameters == "2":
                    Clear();
                    break;
                case 'K':
                    for (int c = _col; c <= _columns; c++) _cells[_row - 1, c - 1] = ' ';
                    break;
                case 'm':
                    break;
                case 'h' or 'l' when parameters == "?25":
                    _cursorShown = ansi[i] == 'h';
                    break;
                case 'h' or 'l' when parameters == "?1049":
                    break;
                default:
                    throw new InvalidOperationException($"unexpected escape sequence ESC [{parameters}{ansi[i]}");
            }
        }
    }
}

/// <summary>Text screens to draw.</summary>
internal static class Screens
{
    /// <summary>An 80x25 screen whose row N reads "row NN" (plus <paramref name="tag"/>), cursor after the text of <paramref name="cursorRow"/>.</summary>
    public static TextScreen Numbered(int cursorRow, string tag = "")
    {
        var characters = new byte[80 * 25];
        var attributes = new byte[80 * 25];
        Array.Fill(characters, (byte)' ');
        Array.Fill(attributes, (byte)0x07);
        for (int row = 0; row < 25; row++)
        {
            byte[] text = Encoding.ASCII.GetBytes($"row {row:D2}{tag}");
            text.CopyTo(characters, row * 80);
        }
        return new TextScreen(80, 25, characters, attributes, cursorRow, 6, cursorVisible: true);
    }
}
