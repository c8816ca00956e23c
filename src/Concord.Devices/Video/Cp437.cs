namespace Concord.Devices.Video;

/// <summary>Code page 437, the PC's character ROM, as Unicode (glyphs, not control codes, for 00h-1Fh and 7Fh).</summary>
public static class Cp437
{
    // 00h is shown as a space (a blank cell), FFh as a no-break space.
    private const string Table =
        " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼" +
        " !\"#$%&'()*+,-./0123456789:;<=>?" +
        "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_" +
        "`abcdefghijklmnopqrstuvwxyz{|}~⌂" +
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ" +
        "áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
        "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" +
        "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0";

    public static char ToChar(byte value) => Table[value];

    /// <summary>The CP437 byte for <paramref name="c"/>, or false when the code page has no such character.</summary>
    public static bool TryFromChar(char c, out byte value)
    {
        int i = c == ' ' ? 0x20 : Table.IndexOf(c);
        value = (byte)Math.Max(i, 0);
        return i >= 0;
    }
}
