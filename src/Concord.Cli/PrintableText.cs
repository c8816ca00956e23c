using System.Globalization;
using System.Text;

namespace Concord.Cli;

/// <summary>
/// Text from outside (a diskette's names, a file's contents quoted in an error) made safe for a
/// terminal: control characters, which a terminal would obey (ESC [2J clears the screen, a C1 CSI
/// does the same on some), are written as <c>\xNN</c>.
/// </summary>
internal static class PrintableText
{
    /// <summary><paramref name="text"/> with every control character (C0, DEL, C1) as <c>\xNN</c>; the same string when it has none.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (char.IsControl(c)) escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else escaped.Append(c);
        }
        return escaped.ToString();
    }
}
