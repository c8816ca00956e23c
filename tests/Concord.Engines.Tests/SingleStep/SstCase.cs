using System.Text.Json;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>The registers of a SingleStepTests vector, in the order reports print them.</summary>
internal enum SstRegister { AX, BX, CX, DX, SP, BP, SI, DI, CS, DS, ES, SS, IP, Flags }

/// <summary>One vector of a SingleStepTests file: a single instruction with its state before and after.</summary>
internal sealed class SstCase
{
    public const int RegisterCount = 14;

    /// <summary>Position in the file (0-based).</summary>
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required byte[] Bytes { get; init; }
    public required int TestNumber { get; init; }

    /// <summary>All 14 registers before, indexed by <see cref="SstRegister"/>.</summary>
    public required ushort[] Initial { get; init; }
    public required RamByte[] InitialRam { get; init; }

    /// <summary>The registers the instruction changed (others keep their <see cref="Initial"/> value).</summary>
    public required ushort?[] Final { get; init; }
    public required RamByte[] FinalRam { get; init; }

    /// <summary>80286 only: the interrupt the instruction raised, and where it pushed FLAGS.</summary>
    public int? ExceptionNumber { get; init; }
    public uint? ExceptionFlagAddress { get; init; }

    public ushort FinalOrInitial(SstRegister register) => Final[(int)register] ?? Initial[(int)register];

    public static SstCase Parse(JsonElement test, int index)
    {
        JsonElement initial = test.GetProperty("initial");
        JsonElement final = test.GetProperty("final");

        var initialRegs = new ushort[RegisterCount];
        var seen = new bool[RegisterCount];
        foreach (JsonProperty p in initial.GetProperty("regs").EnumerateObject())
        {
            int r = (int)RegisterFromName(p.Name, index);
            initialRegs[r] = checked((ushort)p.Value.GetInt32());
            seen[r] = true;
        }
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new InvalidDataException($"vector {index}: initial.regs lacks {(SstRegister)missing}");

        var finalRegs = new ushort?[RegisterCount];
        foreach (JsonProperty p in final.GetProperty("regs").EnumerateObject())
            finalRegs[(int)RegisterFromName(p.Name, index)] = checked((ushort)p.Value.GetInt32());

        int? exceptionNumber = null;
        uint? flagAddress = null;
        if (test.TryGetProperty("exception", out JsonElement exception))
        {
            exceptionNumber = exception.GetProperty("number").GetInt32();
            flagAddress = exception.GetProperty("flag_address").GetUInt32();
        }

        JsonElement bytes = test.GetProperty("bytes");
        var code = new byte[bytes.GetArrayLength()];
        int i = 0;
        foreach (JsonElement b in bytes.EnumerateArray()) code[i++] = b.GetByte();

        return new SstCase
        {
            Index = index,
            Name = test.GetProperty("name").GetString() ?? "",
            Bytes = code,
            TestNumber = test.TryGetProperty("test_num", out JsonElement num) ? num.GetInt32() : index,
            Initial = initialRegs,
            InitialRam = ParseRam(initial.GetProperty("ram")),
            Final = finalRegs,
            FinalRam = ParseRam(final.GetProperty("ram")),
            ExceptionNumber = exceptionNumber,
            ExceptionFlagAddress = flagAddress,
        };
    }

    private static RamByte[] ParseRam(JsonElement ram)
    {
        var result = new RamByte[ram.GetArrayLength()];
        int i = 0;
        foreach (JsonElement pair in ram.EnumerateArray())
            result[i++] = new RamByte(pair[0].GetUInt32(), pair[1].GetByte());
        return result;
    }

    private static SstRegister RegisterFromName(string name, int index) => name switch
    {
        "ax" => SstRegister.AX, "bx" => SstRegister.BX, "cx" => SstRegister.CX, "dx" => SstRegister.DX,
        "sp" => SstRegister.SP, "bp" => SstRegister.BP, "si" => SstRegister.SI, "di" => SstRegister.DI,
        "cs" => SstRegister.CS, "ds" => SstRegister.DS, "es" => SstRegister.ES, "ss" => SstRegister.SS,
        "ip" => SstRegister.IP, "flags" => SstRegister.Flags,
        _ => throw new InvalidDataException($"vector {index}: unknown register \"{name}\""),
    };
}

/// <summary>One <c>[address, byte]</c> pair of a vector's <c>ram</c> list.</summary>
internal readonly record struct RamByte(uint Address, byte Value);
