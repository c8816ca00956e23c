using System.Globalization;
using System.Text;
using Concord.Devices.Keyboard;

namespace Concord.Monitor.Automation;

/// <summary>
/// The text of <c>--send</c> and <c>--expect</c>: C-style escapes <c>\r \n \t \e \b \\ \xNN</c>
/// (\e is Escape, 1Bh; \xNN two hex digits). A backslash before anything else stays a backslash,
/// so DOS paths and prompts read naturally: <c>A:\&gt;</c> is the prompt.
/// </summary>
public static class KeyText
{
    /// <summary>Replaces the escapes. Never fails today (unknown escapes stay as written); the error is for future escapes.</summary>
    public static bool TryUnescape(string text, out string result, out string error)
    {
        var sb = new StringBuilder(text.Length);
        error = "";
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\') { sb.Append(c); continue; }
            if (i + 1 >= text.Length)
            {
                sb.Append('\\');
                break;
            }
            char e = text[++i];
            switch (e)
            {
                case 'r': sb.Append('\r'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'e': sb.Append('\x1B'); break;
                case 'b': sb.Append('\b'); break;
                case '\\': sb.Append('\\'); break;
                case 'x':
                    if (i + 2 < text.Length &&
                        byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                    {
                        sb.Append((char)b);
                        i += 2;
                        break;
                    }
                    sb.Append('\\').Append(e);
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        result = sb.ToString();
        return true;
    }

    /// <summary>Checks that every character can be typed on the keyboard (ASCII the 8042 model maps); null when all can.</summary>
    public static string? FindUntypable(string keys)
    {
        foreach (char c in keys)
            if (!Kbc8042.TryMapChar(c, out _, out _, out _))
                return $"character {Describe(c)} cannot be typed on a PC keyboard; send printable ASCII, \\r \\n \\t \\e \\b or control characters \\x01-\\x1A";
        return null;
    }

    /// <summary>The text with control characters written as escapes again (for messages).</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\x1B' => "\\e",
                '\\' => "\\\\",
                '"' => "\\\"",
                < ' ' or '\x7F' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    private static string Describe(char c) => c < ' ' || c >= '\x7F' ? $"\\x{(int)c:X2}" : $"'{c}'";
}
