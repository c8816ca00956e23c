using CsCheck;
using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Tests.Fuzz;

/// <summary>
/// Mutated machine files: the reader never throws, and every error it reports has a line and a
/// column (a bad file can always be found and mended), whatever the text.
/// </summary>
public sealed class MachineFileFuzzTests : IDisposable
{
    private readonly TempFiles _temp = new();
    private readonly string _path;
    private readonly string[] _seeds;

    public MachineFileFuzzTests()
    {
        // The repository's machine files, whose images are looked for next to the fuzzed file.
        string machines = RepoPaths.Under("docs", "machines");
        _seeds = [.. Directory.GetFiles(machines, "*.toml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        string folder = Path.Combine(_temp.Folder, "docs", "machines");
        Directory.CreateDirectory(Path.Combine(folder, "disks"));
        foreach (var (name, size) in new[] { ("dos.img", 1_474_560), ("guest.img", 1_261_568), ("disks/pc-dos.img", 1_474_560),
                     ("disks/pc98-dos.img", 1_261_568), ("disks/exchange.img", 737_280) })
            using (var f = File.Create(Path.Combine(folder, name))) f.SetLength(size);
        Directory.CreateDirectory(Path.Combine(_temp.Folder, "firmware", "os"));
        foreach (var (name, size) in new[] { ("cdos-at.img", 1_474_560), ("cdos-pc98.img", 1_261_568) })
            using (var f = File.Create(Path.Combine(_temp.Folder, "firmware", "os", name))) f.SetLength(size);
        _path = Path.Combine(folder, "fuzz.toml");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Pieces that TOML and the schema give meaning to, and some that break them.</summary>
    private static readonly string[] Tokens =
    [
        "[", "]", "[[", "]]", "{", "}", "=", "\"", "'", "'''", "\"\"\"", "#", ".", ",", "\n", "\r\n", "\t", " ", "\\", "\\u0000",
        "0x", "-1", "0", "256", "65536", "99999999999999999999", "1e999", "inf", "nan", "-0", "true", "false", "1979-05-27T07:32:00Z",
        "vm", "drive", "gate", "policy", "clock", "trace", "name", "role", "profile", "memory_kib", "boot", "busy_byte", "image", "format",
        "unit", "read_only", "caller", "callee", "vector", "service", "window", "mapping", "allow", "window_read_only", "fdc.motor",
        "\"parent\"", "\"guest\"", "\"auto\"", "\"all\"", "\"9000-9FFF\"", "[\"3Dh-3Fh\"]", "\"/dev/null\"", "\"..\"", "\"\"",
        "\u001b[2J", "\u0000", "\u00e9", "\ud83d\ude00", "\uFEFF", new string('[', 40), new string('{', 20), new string('a', 300),
    ];

    private static Gen<string> Mutated(string[] seeds)
    {
        var edit = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.OneOf(Tokens), Gen.Int[1, 40]);
        return Gen.Select(Gen.Int[0, seeds.Length - 1], edit.Array[1, 12], (seed, edits) =>
        {
            string text = seeds[seed];
            foreach (var (kind, at, token, length) in edits)
            {
                int i = text.Length == 0 ? 0 : at % (text.Length + 1);
                text = kind switch
                {
                    0 => text.Insert(i, token),
                    1 => text.Remove(i, Math.Min(length, text.Length - i)),
                    2 => text[..i] + token + text[Math.Min(text.Length, i + length)..],
                    _ => DuplicateLine(text, i),
                };
            }
            return text;
        });
    }

    private static string DuplicateLine(string text, int at)
    {
        int start = text.LastIndexOf('\n', Math.Max(0, Math.Min(at, text.Length - 1))) + 1;
        int end = text.IndexOf('\n', start);
        string line = end < 0 ? text[start..] + "\n" : text[start..(end + 1)];
        return text.Insert(start, line);
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void A_mutated_machine_file_gives_a_spec_or_errors_that_each_name_a_line_and_a_column()
    {
        Mutated(_seeds).Sample(text =>
        {
            MachineFileResult result = MachineFile.Parse(text, _path);
            if (result.IsValid)
            {
                Assert.NotNull(result.Spec);
                return;
            }
            Assert.NotEmpty(result.Errors);
            foreach (MachineFileError e in result.Errors)
            {
                Assert.True(e.Line >= 1 && e.Column >= 1, $"no position: {e}");
                Assert.StartsWith($"{_path}:{e.Line}:{e.Column}: ", e.ToString(), StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"no message: {e}");
            }
        }, time: FuzzBudget.Seconds(3), threads: 1, print: t => t);
    }

    [Fact]
    public void The_seeds_are_valid_machine_files()
    {
        Assert.NotEmpty(_seeds);
        foreach (string seed in _seeds)
        {
            var result = MachineFile.Parse(seed, _path);
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
        }
    }
}
