using Concord.TestSupport;

namespace Concord.Engines.Tests.I386.Differential;

/// <summary>
/// The harness ROM (harness.asm, assembled with NASM) with a batch of cases patched in: the mode,
/// the case count, the table of records and the code (see the EQUs at the top of harness.asm).
/// </summary>
internal static class HarnessRom
{
    public const int ModeOffset = 0x1FF0, CountOffset = 0x1FF2, Table = 0xB000, Record = 72, Code = 0x2000;
    public const int DumpSize = 4 + 4 + 4 + 32 + 32 + 32;
    public const int MaxCases = (0xFFF0 - Table) / Record;


    private static string Source()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Concord.Engines.Tests", "I386", "Differential", "harness.asm");
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"harness.asm not found above {AppContext.BaseDirectory}");
        return "";
    }

    /// <summary>The ROM image with <paramref name="cases"/> in it; skips the test without NASM.</summary>
    public static byte[] Build(HarnessMode mode, IReadOnlyList<DiffCase> cases)
    {
        string? nasm = HostTools.Find("nasm");
        if (nasm is null) Assert.Skip(HostTools.Missing("nasm", "nasm"));
        if (cases.Count > MaxCases) throw new ArgumentException($"at most {MaxCases} cases fit in the ROM", nameof(cases));
        using var temp = new TempFiles();
        string output = Path.Combine(temp.Folder, "harness.bin");
        var (status, _, stderr) = HostTools.Run(nasm!, "-f", "bin", "-o", output, Source());
        if (status != 0) Assert.Fail($"nasm failed on harness.asm (status {status}): {stderr}");
        byte[] rom = File.ReadAllBytes(output);
        rom[ModeOffset] = (byte)mode;
        BitConverter.GetBytes((ushort)cases.Count).CopyTo(rom, CountOffset);
        int code = Code;
        for (int i = 0; i < cases.Count; i++)
        {
            DiffCase c = cases[i];
            if (code + c.Code.Length > Table) throw new ArgumentException("the cases' code does not fit in the ROM", nameof(cases));
            c.Code.CopyTo(rom, code);
            int record = Table + i * Record;
            BitConverter.GetBytes((ushort)code).CopyTo(rom, record);
            BitConverter.GetBytes((ushort)(c.Code32 ? 32 : 16)).CopyTo(rom, record + 2);
            BitConverter.GetBytes(c.Flags).CopyTo(rom, record + 4);
            for (int r = 0; r < 8; r++) BitConverter.GetBytes(c.Registers[r]).CopyTo(rom, record + 8 + r * 4);
            c.Data.CopyTo(rom, record + 40);
            code += c.Code.Length;
        }
        return rom;
    }
}
