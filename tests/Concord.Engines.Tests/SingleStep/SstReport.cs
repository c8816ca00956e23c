using System.Text;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>Text for failure reports: bytes in hex, registers, FLAGS as letters.</summary>
internal static class SstReport
{
    private static readonly (int Bit, char Letter)[] Flags =
        [(11, 'O'), (10, 'D'), (9, 'I'), (8, 'T'), (7, 'S'), (6, 'Z'), (4, 'A'), (2, 'P'), (0, 'C')];

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).Chunk(2).Aggregate(
        new StringBuilder(), (sb, pair) => sb.Append(sb.Length == 0 ? "" : " ").Append(pair)).ToString();

    /// <summary>The nine flags, upper case when set: <c>odItSZaPc</c>.</summary>
    public static string FlagLetters(ushort flags)
    {
        var sb = new StringBuilder(9);
        foreach ((int bit, char letter) in Flags)
            sb.Append((flags & (1 << bit)) != 0 ? letter : char.ToLowerInvariant(letter));
        return sb.ToString();
    }

    /// <summary>Which flags differ under the mask, by name, and any other bits (reserved 1, 3, 5, 12-15).</summary>
    public static string FlagDifference(ushort expected, ushort actual, ushort mask)
    {
        int diff = (expected ^ actual) & mask;
        var parts = new List<string>();
        foreach ((int bit, char letter) in Flags)
            if ((diff & (1 << bit)) != 0)
                parts.Add($"{letter}F expected {(expected >> bit) & 1}, actual {(actual >> bit) & 1}");
        int other = diff & ~Flags.Aggregate(0, (m, f) => m | (1 << f.Bit));
        if (other != 0) parts.Add($"reserved bits {other:X4} differ");
        string masked = mask == 0xFFFF ? "" : $" (compared under flags-mask {mask:X4})";
        return "differs in " + string.Join(", ", parts) + masked;
    }

    public static string Registers(ushort[] r) =>
        $"AX={r[(int)SstRegister.AX]:X4} BX={r[(int)SstRegister.BX]:X4} CX={r[(int)SstRegister.CX]:X4} DX={r[(int)SstRegister.DX]:X4} " +
        $"SP={r[(int)SstRegister.SP]:X4} BP={r[(int)SstRegister.BP]:X4} SI={r[(int)SstRegister.SI]:X4} DI={r[(int)SstRegister.DI]:X4} " +
        $"CS={r[(int)SstRegister.CS]:X4} DS={r[(int)SstRegister.DS]:X4} ES={r[(int)SstRegister.ES]:X4} SS={r[(int)SstRegister.SS]:X4} " +
        $"IP={r[(int)SstRegister.IP]:X4} FLAGS={r[(int)SstRegister.Flags]:X4} {FlagLetters(r[(int)SstRegister.Flags])}";

    /// <param name="loadedFlags">FLAGS as given to the CPU, when it differs from the file's (the 286 clears bits 12-15).</param>
    public static string Vector(SstCase test, string problems, ushort? loadedFlags = null)
    {
        string exception = test.ExceptionNumber is int n ? $", raises interrupt {n} (FLAGS pushed at {test.ExceptionFlagAddress:X6})" : "";
        string loaded = loadedFlags is ushort f && f != test.Initial[(int)SstRegister.Flags] ? $" (loaded as {f:X4})" : "";
        return $"#{test.Index} (test_num {test.TestNumber}) \"{test.Name}\"  bytes: {Hex(test.Bytes)}{exception}\n" +
               $"  before: {Registers(test.Initial)}{loaded}\n{problems}";
    }
}
