namespace Concord.Engines.Tests.I386.Differential;

/// <summary>
/// One case of the differential harness: a state (EAX-EDI but ESP, EFLAGS, 32 bytes of data) and
/// a short instruction sequence that ends with INT 30h, with what is needed to compare it: the
/// flags its instructions leave undefined, and a listing for the report.
/// </summary>
internal sealed class DiffCase
{
    public required byte[] Code { get; init; }

    /// <summary>The code is 32-bit (a protected-mode case in a 32-bit code segment).</summary>
    public required bool Code32 { get; init; }

    public required uint Flags { get; init; }

    /// <summary>EAX ECX EDX EBX (ESP: not loaded) EBP ESI EDI.</summary>
    public required uint[] Registers { get; init; }

    public required byte[] Data { get; init; }

    /// <summary>Arithmetic flags whose value the sequence leaves undefined (masked in the comparison).</summary>
    public required uint UndefinedFlags { get; init; }

    /// <summary>Arithmetic flags any of its instructions leaves undefined: masked when the case ends in a fault (#DE) midway.</summary>
    public required uint EverUndefinedFlags { get; init; }

    public required IReadOnlyList<string> Listing { get; init; }

    public override string ToString()
    {
        string[] names = ["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"];
        string regs = string.Join(" ", Enumerable.Range(0, 8).Where(i => i != 4).Select(i => $"{names[i]}={Registers[i]:X8}"));
        return $"{(Code32 ? "32" : "16")}-bit code, EFLAGS={Flags:X8} {regs}\n    data {Convert.ToHexString(Data)}\n    " +
               string.Join("\n    ", Listing);
    }
}
