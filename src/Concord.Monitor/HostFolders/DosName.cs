using System.Text;
using Concord.Devices.Floppy.Fat;
using Concord.Devices.Video;

namespace Concord.Monitor.HostFolders;

/// <summary>
/// 8.3 names as DOS passes and expects them in a redirector call: strings of code page 437
/// characters (each char is the Unicode of one CP437 byte), at most 8 before a dot and 3 after,
/// upper case; and their 11-byte FCB form (name and extension padded with spaces), which search
/// templates and directory entries use.
/// </summary>
/// <remarks>
/// Allowed characters are those DOS allows in names: A-Z, 0-9, <c>! # $ % &amp; ' ( ) - @ ^ _ ` { } ~</c>
/// and the bytes 80h-FEh (E5h not first: it marks a deleted entry). A name whose stem is a DOS
/// device (CON, NUL, AUX, PRN, CLOCK$, COM1-9, LPT1-9) is no file name: DOS opens the device.
/// </remarks>
public static class DosName
{
    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Whether DOS allows byte <paramref name="b"/> (upper case) in a file name.</summary>
    public static bool IsNameByte(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or >= 0x80 and <= 0xFE
        || FatName.AllowedPunctuation.Contains((char)b);

    /// <summary>Whether <paramref name="stem"/> (the part before the dot, upper case) names a DOS device.</summary>
    public static bool IsDevice(string stem) => FatName.IsDeviceName(stem);

    /// <summary>
    /// The DOS name of a DOS path component (ASCII letters folded to upper case), or null when it is
    /// not a valid 8.3 name: empty, <c>.</c> or <c>..</c>, too long, two dots, a character DOS does
    /// not allow, a wildcard, or a device name.
    /// </summary>
    public static string? Parse(string component)
    {
        if (!TrySplit(component, out string stem, out string ext)) return null;
        if (!AllNameChars(stem) || !AllNameChars(ext) || IsDevice(stem)) return null;
        if (stem[0] == Cp437.ToChar(0xE5)) return null;
        return ext.Length == 0 ? stem : stem + "." + ext;
    }

    /// <summary>
    /// The 11-byte search template of a last path component that may hold wildcards (<c>*</c> fills
    /// the rest of its part with <c>?</c>), or null when it is no valid 8.3 pattern.
    /// </summary>
    public static byte[]? ParsePattern(string component)
    {
        if (component == "*") component = "*.*";
        if (!TrySplit(component, out string stem, out string ext)) return null;
        var fcb = new byte[11];
        return FillPattern(stem, fcb.AsSpan(0, 8)) && FillPattern(ext, fcb.AsSpan(8, 3)) ? fcb : null;
    }

    /// <summary>Whether the 11-byte template holds a <c>?</c>.</summary>
    public static bool HasWildcards(ReadOnlySpan<byte> template) => template.Contains((byte)'?');

    /// <summary>The 11-byte FCB form of a valid DOS name.</summary>
    public static byte[] ToFcb(string dosName)
    {
        var fcb = new byte[11];
        fcb.AsSpan().Fill((byte)' ');
        int dot = dosName.IndexOf('.');
        string stem = dot < 0 ? dosName : dosName[..dot];
        string ext = dot < 0 ? "" : dosName[(dot + 1)..];
        for (int i = 0; i < stem.Length; i++) fcb[i] = ToByte(stem[i]);
        for (int i = 0; i < ext.Length; i++) fcb[8 + i] = ToByte(ext[i]);
        return fcb;
    }

    /// <summary>The DOS name ("STEM.EXT", no dot without an extension) of an 11-byte FCB form.</summary>
    public static string FromFcb(ReadOnlySpan<byte> fcb)
    {
        var text = new StringBuilder(12);
        for (int i = 0; i < 8 && fcb[i] != ' '; i++) text.Append(Cp437.ToChar(fcb[i]));
        if (fcb[8] != ' ')
        {
            text.Append('.');
            for (int i = 8; i < 11 && fcb[i] != ' '; i++) text.Append(Cp437.ToChar(fcb[i]));
        }
        return text.ToString();
    }

    /// <summary>Whether an 11-byte name matches an 11-byte template (<c>?</c> matches any byte, a padding space included).</summary>
    public static bool Matches(ReadOnlySpan<byte> fcb, ReadOnlySpan<byte> template)
    {
        for (int i = 0; i < 11; i++)
            if (template[i] != (byte)'?' && template[i] != fcb[i]) return false;
        return true;
    }

    /// <summary>
    /// The DOS name a host name shows under when it is a valid 8.3 name once upper-cased (every
    /// character in code page 437 and allowed, one dot at most, not a device), or null when it
    /// needs an alias.
    /// </summary>
    public static string? FromHost(string hostName)
    {
        if (hostName.Length is 0 or > 12 || hostName[0] == '.') return null;
        string upper = hostName.ToUpperInvariant();
        foreach (char c in upper)
            if (c != '.' && !(Cp437.TryFromChar(c, out byte b) && IsNameByte(b))) return null;
        return Parse(upper) is { } name && name == upper ? name : null;
    }

    /// <summary>
    /// The alias of a host name that is no 8.3 name: up to 4 of its name's characters that DOS
    /// allows (ASCII, upper case), <c>~</c>, 3 characters of a hash of the whole host name, and up to
    /// 3 characters of its extension (after the last dot), e.g. <c>My Long Report.text</c> →
    /// <c>MYLO~K3F.TEX</c>. The hash makes the alias depend on the name alone, not on which other
    /// files the folder holds; <paramref name="salt"/> (0 first) picks another when two collide.
    /// </summary>
    public static string Alias(string hostName, int salt)
    {
        string trimmed = hostName.TrimStart('.');
        int dot = trimmed.LastIndexOf('.');
        string stem = Kept(dot > 0 ? trimmed[..dot] : trimmed, 4);
        string ext = dot > 0 ? Kept(trimmed[(dot + 1)..], 3) : "";
        if (stem.Length == 0) stem = "_";
        uint hash = Fnv1a(hostName, salt) % (36 * 36 * 36);
        var alias = new StringBuilder(12).Append(stem).Append('~');
        alias.Append(Base36[(int)(hash / (36 * 36))]).Append(Base36[(int)(hash / 36 % 36)]).Append(Base36[(int)(hash % 36)]);
        if (ext.Length > 0) alias.Append('.').Append(ext);
        return alias.ToString();
    }

    private static bool TrySplit(string component, out string stem, out string ext)
    {
        stem = ext = "";
        if (component.Length is 0 or > 12 || component is "." or "..") return false;
        string upper = UpperAscii(component);
        int dot = upper.IndexOf('.');
        if (dot >= 0 && upper.IndexOf('.', dot + 1) >= 0) return false;
        stem = dot < 0 ? upper : upper[..dot];
        ext = dot < 0 ? "" : upper[(dot + 1)..];
        return stem.Length is >= 1 and <= 8 && ext.Length <= 3;
    }

    private static bool FillPattern(string part, Span<byte> into)
    {
        into.Fill((byte)' ');
        for (int i = 0; i < part.Length; i++)
        {
            char c = part[i];
            if (c == '*')
            {
                if (i != part.Length - 1) return false;
                into[i..].Fill((byte)'?');
                return true;
            }
            if (c == '?') { into[i] = (byte)'?'; continue; }
            if (!Cp437.TryFromChar(c, out byte b) || !IsNameByte(b)) return false;
            into[i] = b;
        }
        return true;
    }

    private static bool AllNameChars(string part)
    {
        foreach (char c in part)
            if (!Cp437.TryFromChar(c, out byte b) || !IsNameByte(b)) return false;
        return true;
    }

    private static string UpperAscii(string s)
    {
        Span<char> upper = s.Length <= 64 ? stackalloc char[s.Length] : new char[s.Length];
        for (int i = 0; i < s.Length; i++) upper[i] = s[i] is >= 'a' and <= 'z' ? (char)(s[i] - 32) : s[i];
        return new string(upper);
    }

    private static string Kept(string part, int most)
    {
        var kept = new StringBuilder(most);
        foreach (char c in part)
        {
            char u = char.ToUpperInvariant(c);
            if (u < 0x80 && IsNameByte((byte)u)) kept.Append(u);
            if (kept.Length == most) break;
        }
        return kept.ToString();
    }

    private static byte ToByte(char c) => Cp437.TryFromChar(c, out byte b) ? b : (byte)'_';

    private static uint Fnv1a(string name, int salt)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 16777619;
        }
        for (int i = 0; i < salt; i++)
        {
            hash ^= (byte)'~';
            hash *= 16777619;
        }
        return hash;
    }
}
