using System.Text;

namespace Concord.Devices.Video;

/// <summary>
/// JIS X 0208 (with NEC's row 13 specials and the other rows code page 932 carries) to Unicode,
/// through .NET's code page 932 (<see cref="CodePagesEncodingProvider"/>, part of the runtime), and
/// JIS X 0201 half-width katakana.
/// </summary>
public static class JisX0208
{
    /// <summary>What is shown for a code no table maps.</summary>
    public const char Unmapped = '■';

    private static readonly char[] Table = Build();

    /// <summary>The character of JIS code row <paramref name="row"/> (21h-7Eh), column <paramref name="column"/> (21h-7Eh).</summary>
    public static char ToChar(int row, int column)
    {
        if (row is < 0x21 or > 0x7E || column is < 0x21 or > 0x7E) return Unmapped;
        return Table[(row - 0x21) * 94 + column - 0x21];
    }

    /// <summary>A JIS X 0201 code as Unicode: ASCII (5Ch and 7Eh kept as \ and ~), A1h-DFh the half-width katakana.</summary>
    public static char FromJisX0201(byte code) => code switch
    {
        >= 0x20 and <= 0x7E => (char)code,
        >= 0xA1 and <= 0xDF => (char)(0xFF61 + code - 0xA1),
        _ => Unmapped,
    };

    private static char[] Build()
    {
        Encoding sjis = CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(Unmapped.ToString()))
            ?? throw new InvalidOperationException("code page 932 is not available");
        var table = new char[94 * 94];
        Span<byte> bytes = stackalloc byte[2];
        Span<char> chars = stackalloc char[2];
        for (int row = 0x21; row <= 0x7E; row++)
        {
            for (int column = 0x21; column <= 0x7E; column++)
            {
                // JIS to Shift-JIS: two JIS rows share one lead byte.
                int lead = (row + 1) / 2 + (row <= 0x5E ? 0x70 : 0xB0);
                int trail = (row & 1) != 0 ? column + (column >= 0x60 ? 0x20 : 0x1F) : column + 0x7E;
                bytes[0] = (byte)lead;
                bytes[1] = (byte)trail;
                int n = sjis.GetChars(bytes, chars);
                table[(row - 0x21) * 94 + column - 0x21] = n == 1 && chars[0] != '\uFFFD' ? chars[0] : Unmapped;
            }
        }
        return table;
    }
}
