namespace Concord.Monitor.MachineFiles;

/// <summary>
/// Finds what the TOML parser would throw on instead of reporting, before it sees the text: values
/// nested deeper than a machine file can mean (the parser gives up past its own limit with an
/// exception that names no line, and the tree builder recurses once per level), \u or \U
/// escapes that name no character (a surrogate, or above 10FFFFh), and a file that ends inside an
/// escape (for both the parser throws ArgumentOutOfRangeException).
/// </summary>
/// <remarks>
/// A scan of the text, not a parser: strings (all four kinds) and comments are skipped, a
/// <c>[</c> at the start of a line outside any value is a table header, and every other <c>[</c> or
/// <c>{</c> opens a level that the matching <c>]</c> or <c>}</c> closes. Malformed text is left to
/// the parser, which reports it with its position.
/// </remarks>
internal static class TomlNesting
{
    /// <summary>The deepest nesting of arrays and inline tables accepted; the schema itself uses two.</summary>
    public const int MaxDepth = 16;

    /// <summary>The first problem: its 1-based line and column and what is wrong, or null.</summary>
    public static (int Line, int Column, string Message)? Find(string text)
    {
        int depth = 0, line = 1, lineStart = 0;
        bool atLineStart = true;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    lineStart = i + 1;
                    atLineStart = true;
                    i++;
                    continue;
                case ' ' or '\t' or '\r':
                    i++;
                    continue;
                case '#':
                    while (i < text.Length && text[i] != '\n') i++;
                    continue;
                case '"' or '\'':
                {
                    int at = i, atLine = line, stringLineStart = lineStart;
                    i = SkipString(text, i, ref line, ref lineStart);
                    if (BadEscape(text, at, i) is int bad)
                    {
                        int badLine = atLine + text.AsSpan(at, bad - at).Count('\n');
                        int badLineStart = badLine == atLine ? stringLineStart : text.LastIndexOf('\n', bad) + 1;
                        return (badLine, bad - badLineStart + 1, bad + 1 >= text.Length
                            ? "TOML: the file ends inside an escape (\\): close the string"
                            : $"TOML: the escape {text.Substring(bad, Math.Min(text.Length - bad, text[bad + 1] == 'u' ? 6 : 10))} names no character: " +
                              "valid values are \\u0000 to \\uD7FF, \\uE000 to \\uFFFF, and \\U up to \\U0010FFFF");
                    }
                    break;
                }
                case '[' when depth == 0 && atLineStart:
                    // A table header, [a] or [[a]]: its brackets open no value.
                    while (i < text.Length && text[i] != '\n' && text[i] != '#')
                    {
                        if (text[i] is '"' or '\'') i = SkipString(text, i, ref line, ref lineStart);
                        else i++;
                    }
                    break;
                case '[' or '{':
                    depth++;
                    if (depth > MaxDepth)
                        return (line, i - lineStart + 1, $"TOML: arrays or inline tables nested more than {MaxDepth} deep; a machine file's values nest at most 2 deep");
                    i++;
                    break;
                case ']' or '}':
                    if (depth > 0) depth--;
                    i++;
                    break;
                default:
                    i++;
                    break;
            }
            atLineStart = false;
        }
        return null;
    }

    /// <summary>The index of a \u or \U escape in the basic string text[start..end) whose value is no Unicode scalar value, or null.</summary>
    private static int? BadEscape(string text, int start, int end)
    {
        if (text[start] != '"') return null; // literal strings have no escapes
        for (int i = start + 1; i < end; i++)
        {
            if (text[i] != '\\') continue;
            if (i + 1 >= text.Length) return i; // the text ends inside the escape
            char kind = text[i + 1];
            int digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            if (digits > 0 && i + 2 + digits <= end &&
                long.TryParse(text.AsSpan(i + 2, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out long value) &&
                (value is >= 0xD800 and <= 0xDFFF || value > 0x10FFFF))
                return i;
            i++; // the escaped character is not the start of another escape
        }
        return null;
    }

    /// <summary>The index after the string that starts at <paramref name="start"/> (or the end of the text, if it never closes).</summary>
    private static int SkipString(string text, int start, ref int line, ref int lineStart)
    {
        char quote = text[start];
        bool multiline = start + 2 < text.Length && text[start + 1] == quote && text[start + 2] == quote;
        int i = start + (multiline ? 3 : 1);
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                if (!multiline) return i;
                line++;
                lineStart = i + 1;
            }
            else if (c == '\\' && quote == '"')
            {
                i += 2;
                continue;
            }
            else if (c == quote)
            {
                if (!multiline) return i + 1;
                if (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)
                {
                    // Up to two more quotes may end the content ("""a"""" is a"), so skip to the last.
                    int end = i + 3;
                    while (end < text.Length && end < i + 5 && text[end] == quote) end++;
                    return end;
                }
            }
            i++;
        }
        return Math.Min(i, text.Length); // an escape at the very end steps past it
    }
}
