using System.Text.Json;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>A suite's <c>MANIFEST.json</c>: the files it holds and how many vectors each has.</summary>
internal static class SuiteManifest
{
    /// <summary>File stems (<c>00</c>, <c>D2.4</c>) with their vector counts, sorted by stem.</summary>
    public static SortedDictionary<string, int> Load(string folder)
    {
        string path = SuiteLocator.RequireFile(folder, "MANIFEST.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var files = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty f in doc.RootElement.GetProperty("files").EnumerateObject())
            files[f.Name] = f.Value.GetProperty("tests_written").GetInt32();
        return files;
    }

    /// <summary>
    /// Theory data: one row per file stem of the suite. When the suite cannot be found, a single row
    /// that fails with the place it looked, so a missing folder never passes as "no tests".
    /// </summary>
    public static TheoryData<string> Stems(string suite)
    {
        var data = new TheoryData<string>();
        if (!SuiteLocator.TryFind(suite, out string folder, out _) || !File.Exists(Path.Combine(folder, "MANIFEST.json")))
        {
            data.Add(MissingSuiteRow);
            return data;
        }
        foreach (string stem in Load(folder).Keys) data.Add(stem);
        return data;
    }

    /// <summary>The row <see cref="Stems"/> gives when the suite is missing.</summary>
    public const string MissingSuiteRow = "(suite not found)";
}
