namespace Concord.Core.Cpu;

/// <summary>The processor a vCPU behaves as.</summary>
public enum CpuModel
{
    /// <summary>Intel 8086: 20-bit addresses, the 8086's undocumented opcodes and aliases.</summary>
    I8086,

    /// <summary>Intel 80286 in real mode: the 80186 additions, faults that restart, #UD, #GP on offset wrap.</summary>
    I80286,

    /// <summary>Intel 80386: 32-bit registers and addressing, protected and virtual-8086 mode, paging; 32 address lines.</summary>
    I80386,
}

/// <summary>Names of <see cref="CpuModel"/> as users write them (machine files, command line).</summary>
public static class CpuModels
{
    /// <summary>The spellings accepted by <see cref="TryParse"/>.</summary>
    public const string ValidNames = "8086, 80286, 80386";

    public static bool TryParse(string text, out CpuModel model)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "8086": case "i8086": model = CpuModel.I8086; return true;
            case "80286": case "286": case "i80286": model = CpuModel.I80286; return true;
            case "80386": case "386": case "i80386": case "i386": model = CpuModel.I80386; return true;
            default: model = default; return false;
        }
    }

    public static string Name(this CpuModel model) => model switch
    {
        CpuModel.I8086 => "8086",
        CpuModel.I80286 => "80286",
        _ => "80386",
    };
}
