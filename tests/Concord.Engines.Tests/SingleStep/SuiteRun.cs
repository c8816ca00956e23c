using System.Globalization;
using System.Text;
using Concord.Core.Cpu;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>Runs the chosen vectors of one suite file and fails with a report of the first mismatches.</summary>
internal static class SuiteRun
{
    public const int ReportedFailures = 10;

    /// <param name="select">Which vectors, by their opcode entry, this test case runs.</param>
    public static void File(EngineKind engine, CpuModel model, string suite, string stem, Func<OpcodeInfo, bool> select)
    {
        string folder = SuiteLocator.Require(suite);
        SortedDictionary<string, int> manifest = SuiteManifest.Load(folder);
        if (!manifest.TryGetValue(stem, out int expectedCount))
            Assert.Fail($"{Path.Combine(folder, "MANIFEST.json")} does not list {stem}");
        SuiteMetadata metadata = SuiteMetadata.Load(SuiteLocator.RequireFile(folder, "metadata.json"));
        string path = SuiteLocator.RequireFile(folder, stem + ".json.gz");

        List<SstCase> cases = SstFile.Load(path);
        Assert.True(cases.Count == expectedCount,
            $"{path} holds {cases.Count} vectors, MANIFEST.json says {expectedCount}");

        int? reg = stem.Contains('.', StringComparison.Ordinal)
            ? int.Parse(stem[(stem.IndexOf('.', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)
            : null;

        using var runner = new SstRunner(engine, model);
        int ran = 0, failed = 0;
        var statuses = new SortedSet<string>(StringComparer.Ordinal);
        var masks = new SortedSet<ushort>();
        var report = new StringBuilder();
        foreach (SstCase test in cases)
        {
            OpcodeInfo info = metadata.For(test.Bytes, reg);
            if (!select(info)) continue;
            ran++;
            statuses.Add(info.Status);
            masks.Add(info.FlagsMask);
            string? problems = runner.Run(test, info);
            if (problems is null) continue;
            if (++failed <= ReportedFailures) report.Append('\n').Append(SstReport.Vector(test, problems,
                    model == CpuModel.I80286 ? (ushort)(test.Initial[(int)SstRegister.Flags] & 0x0FFF) : null));
        }

        Assert.True(ran > 0, $"{path}: no vector of this kind (statuses seen: none of {cases.Count} vectors selected)");
        if (engine == EngineKind.Jit) System.IO.File.AppendAllText("/tmp/sst-jit.txt", $"{model.Name()} {stem} {runner.TranslatedVectors}/{ran} {runner.CompileTime.TotalMilliseconds / ran:0.000} ms {runner.IlBytes / ran} IL\n");
        if (failed > 0)
        {
            string header = $"{engine.Name()}, {model.Name()}: {stem}.json.gz: {failed} of {ran} vectors failed " +
                            $"(status {string.Join("/", statuses)}, flags-mask {string.Join("/", masks.Select(m => m.ToString("X4", CultureInfo.InvariantCulture)))}); " +
                            $"the first {Math.Min(failed, ReportedFailures)}:";
            Assert.Fail(header + report);
        }
    }
}
