using System.Text;

namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// 8.3 names: up to 8 characters, optionally a dot and up to 3 more, stored upper case and padded with
/// spaces in 11 bytes. Only printable ASCII is accepted (no code page is assumed): letters, digits and
/// <c>! # $ % &amp; ' ( ) - @ ^ _ ` { } ~</c>. DOS device names (CON, NUL, COM1...) are refused because
/// DOS would open the device instead of the file.
/// </summary>
public static class FatName
{
    /// <summary>The punctuation DOS allows in names, besides letters and digits.</summary>
    public const string AllowedPunctuation = "!#$%&'()-@^_`{}~";

    /// <summary>Whether <paramref name="stem"/> (upper case, no extension) names a DOS device rather than a file.</summary>
    public static bool IsDeviceName(string stem) => DeviceNames.Contains(stem);

    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL", "CLOCK$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Why <paramref name="name"/> is no 8.3 name, or null when it is one.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) return "a name cannot be empty";
        if (name is "." or "..") return $"'{name}' names a directory's link, not a file";
        int dot = name.IndexOf('.');
        if (dot >= 0 && name.IndexOf('.', dot + 1) >= 0) return $"'{name}' has more than one dot; 8.3 names have at most one, before an extension of up to 3 characters";
        string stem = dot >= 0 ? name[..dot] : name;
        string ext = dot >= 0 ? name[(dot + 1)..] : "";
        if (stem.Length == 0) return $"'{name}' has nothing before the dot; 8.3 names need 1 to 8 characters there";
        if (stem.Length > 8) return $"'{name}' has {stem.Length} characters before the extension; 8.3 names allow at most 8";
        if (ext.Length > 3) return $"'{name}' has an extension of {ext.Length} characters; 8.3 names allow at most 3";
        foreach (char c in name)
        {
            if (c == '.' || IsAllowed(c)) continue;
            string shown = c == ' ' ? "a space" : char.IsControl(c) || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
            return $"'{name}' contains {shown}; 8.3 names allow only letters, digits and {AllowedPunctuation}";
        }
        string upper = stem.ToUpperInvariant();
        if (DeviceNames.Contains(upper)) return $"'{name}' is the DOS device name {upper}, which DOS would open instead of a file";
        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a valid 8.3 name (see <see cref="Problem"/>).</summary>
    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>The 11 bytes a directory entry stores for <paramref name="name"/>, which must be valid.</summary>
    public static byte[] Encode(string name)
    {
        if (Problem(name) is { } problem) throw new ArgumentException(problem, nameof(name));
        var raw = new byte[11];
        raw.AsSpan().Fill((byte)' ');
        int dot = name.IndexOf('.');
        string stem = (dot >= 0 ? name[..dot] : name).ToUpperInvariant();
        string ext = (dot >= 0 ? name[(dot + 1)..] : "").ToUpperInvariant();
        Encoding.ASCII.GetBytes(stem, raw.AsSpan(0, 8));
        Encoding.ASCII.GetBytes(ext, raw.AsSpan(8, 3));
        return raw;
    }

    /// <summary>The name "STEM.EXT" (no dot without an extension) of 11 stored bytes.</summary>
    public static string Decode(ReadOnlySpan<byte> raw)
    {
        var stem = new StringBuilder(8);
        for (int i = 0; i < 8; i++)
        {
            byte b = i == 0 && raw[0] == 0x05 ? (byte)0xE5 : raw[i]; // 05h stands for a first byte E5h
            stem.Append((char)b);
        }
        string s = stem.ToString().TrimEnd(' ');
        string e = Encoding.Latin1.GetString(raw.Slice(8, 3)).TrimEnd(' ');
        return e.Length == 0 ? s : $"{s}.{e}";
    }

    /// <summary>The normal form of a valid name: upper case, as <see cref="Decode"/> gives it back.</summary>
    public static string Normalize(string name) => Decode(Encode(name));

    /// <summary>Why <paramref name="label"/> cannot be a volume label (1 to 11 of the name characters or spaces, no dot), or null.</summary>
    public static string? LabelProblem(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Trim().Length == 0) return "a volume label cannot be empty or only spaces";
        if (label.Length > 11) return $"the label '{label}' has {label.Length} characters; a volume label has at most 11";
        if (label[0] == ' ') return $"the label '{label}' starts with a space";
        foreach (char c in label)
        {
            if (c == ' ' || IsAllowed(c)) continue;
            string shown = char.IsControl(c) || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
            return $"the label '{label}' contains {shown}; labels allow only letters, digits, spaces and {AllowedPunctuation}";
        }
        return null;
    }

    /// <summary>The 11 bytes of a valid label: upper case, padded with spaces.</summary>
    public static byte[] EncodeLabel(string label)
    {
        if (LabelProblem(label) is { } problem) throw new ArgumentException(problem, nameof(label));
        return Encoding.ASCII.GetBytes(label.ToUpperInvariant().PadRight(11));
    }

    private static bool IsAllowed(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' || AllowedPunctuation.Contains(c);
}
