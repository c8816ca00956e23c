using Concord.Engines.Tests.SingleStep;
using Concord.TestSupport;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// test386.asm (tests/data/test386, GPL v3) assembled with NASM for <see cref="RomMachine"/>: the
/// sources are copied to a temporary folder and configuration.asm gets our ports and options.
/// </summary>
internal static class Test386Rom
{
    public const ushort PostPort = 0x190;

    /// <summary>test386 writes its EEh results with <c>out imm8, al</c>: a port below 100h.</summary>
    public const ushort OutputPort = 0xE9;

    public static string Folder => Path.Combine(Path.GetDirectoryName(SuiteLocator.Require("sst8086"))!, "test386");

    /// <summary>The reference output of the EEh series, line by line.</summary>
    public static string[] ReferenceLines()
    {
        string path = Path.Combine(Folder, "test386-EE-reference.txt.gz");
        if (!File.Exists(path)) Assert.Fail($"the test386 reference output is missing: {path}");
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
    }

    /// <summary>Assembles the ROM; skips the test when NASM is not installed.</summary>
    /// <param name="undefinedBehaviour">TEST_UNDEF: also check the 386's undefined flags and quirks (POST E0h and more).</param>
    /// <param name="rom128">ROM128: the 128 KiB ROM with the task-switch tests (POST 22h).</param>
    public static byte[] Build(bool undefinedBehaviour, bool rom128 = false)
    {
        string? nasm = HostTools.Find("nasm");
        if (nasm is null) Assert.Skip(HostTools.Missing("nasm", "nasm"));
        string source = Path.Combine(Folder, "src");
        if (!Directory.Exists(source)) Assert.Fail($"the test386 sources are missing: {source}");
        using var temp = new TempFiles();
        string src = Path.Combine(temp.Folder, "src");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(src, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string configuration = Path.Combine(src, "configuration.asm");
        string text = File.ReadAllText(configuration);
        text = SetEqu(text, "POST_PORT", $"0x{PostPort:X}");
        text = SetEqu(text, "OUT_PORT", $"0x{OutputPort:X}");
        text = SetEqu(text, "TEST_UNDEF", undefinedBehaviour ? "1" : "0");
        text = SetEqu(text, "CPU_FAMILY", "3");
        text = SetEqu(text, "ROM128", rom128 ? "1" : "0");
        File.WriteAllText(configuration, text);
        string output = Path.Combine(temp.Folder, "test386.bin");
        var (status, _, stderr) = HostTools.Run(nasm!, "-i" + src + Path.DirectorySeparatorChar, "-f", "bin", "-w-all",
                                                "-o", output, Path.Combine(src, "test386.asm"));
        if (status != 0) Assert.Fail($"nasm failed on test386.asm (status {status}): {stderr}");
        return File.ReadAllBytes(output);
    }

    private static string SetEqu(string text, string name, string value)
    {
        var pattern = new System.Text.RegularExpressions.Regex($@"^{name}\s+equ\s+\S+", System.Text.RegularExpressions.RegexOptions.Multiline);
        if (!pattern.IsMatch(text)) Assert.Fail($"test386's configuration.asm has no '{name} equ' line to set");
        return pattern.Replace(text, $"{name} equ {value}", 1);
    }
}
