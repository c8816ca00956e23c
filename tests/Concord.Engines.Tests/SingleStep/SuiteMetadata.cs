using System.Globalization;
using System.Text.Json;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>What <c>metadata.json</c> says about one opcode (or one <c>reg</c> form of a group opcode).</summary>
internal readonly record struct OpcodeInfo(string Status, ushort FlagsMask)
{
    public const string Undefined = "undefined";
    public bool IsUndefined => Status == Undefined;
}

/// <summary>
/// A suite's <c>metadata.json</c>: per opcode its status and the mask of the flags the hardware
/// defines (undefined flags are left out of comparisons). An opcode without a mask compares all flags.
/// </summary>
internal sealed class SuiteMetadata
{
    private readonly Dictionary<int, OpcodeInfo> _plain = new();
    private readonly Dictionary<int, OpcodeInfo[]> _groups = new();
    private readonly string _path;

    private SuiteMetadata(string path) => _path = path;

    /// <summary>The eight prefixes the suites use: segment overrides, LOCK, REP/REPNE (and F1, LOCK's alias).</summary>
    public static bool IsPrefix(byte b) => b is 0x26 or 0x2E or 0x36 or 0x3E or 0xF0 or 0xF1 or 0xF2 or 0xF3;

    public static SuiteMetadata Load(string path)
    {
        var metadata = new SuiteMetadata(path);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (JsonProperty op in doc.RootElement.GetProperty("opcodes").EnumerateObject())
        {
            // Keys are two hex digits; the 286 file also has 0Fxx entries, which no vector uses.
            if (op.Name.Length != 2 || !int.TryParse(op.Name, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int opcode))
                continue;
            if (op.Value.TryGetProperty("reg", out JsonElement regs))
            {
                var forms = new OpcodeInfo[8];
                for (int r = 0; r < 8; r++)
                    forms[r] = regs.TryGetProperty(r.ToString(CultureInfo.InvariantCulture), out JsonElement form)
                        ? Read(form) : new OpcodeInfo("absent", 0xFFFF);
                metadata._groups[opcode] = forms;
            }
            else
            {
                metadata._plain[opcode] = Read(op.Value);
            }
        }
        return metadata;
    }

    private static OpcodeInfo Read(JsonElement entry) => new(
        entry.TryGetProperty("status", out JsonElement s) ? s.GetString() ?? "" : "",
        entry.TryGetProperty("flags-mask", out JsonElement m) ? m.GetUInt16() : (ushort)0xFFFF);

    /// <summary>
    /// The entry for a vector: the opcode is its first non-prefix byte; for a group opcode the
    /// <c>reg</c> field comes from the file name (<c>D2.4</c>) or else from the ModR/M byte after the opcode.
    /// </summary>
    public OpcodeInfo For(byte[] bytes, int? regFromFileName)
    {
        int i = 0;
        while (i < bytes.Length && IsPrefix(bytes[i])) i++;
        if (i >= bytes.Length) throw new InvalidDataException($"a vector has only prefixes: {SstReport.Hex(bytes)}");
        int opcode = bytes[i];
        if (_groups.TryGetValue(opcode, out OpcodeInfo[]? forms))
        {
            int reg = regFromFileName ?? (i + 1 < bytes.Length
                ? (bytes[i + 1] >> 3) & 7
                : throw new InvalidDataException($"group opcode {opcode:X2} without a ModR/M byte: {SstReport.Hex(bytes)}"));
            return forms[reg];
        }
        if (_plain.TryGetValue(opcode, out OpcodeInfo info)) return info;
        throw new InvalidDataException($"{_path} has no entry for opcode {opcode:X2}");
    }
}
