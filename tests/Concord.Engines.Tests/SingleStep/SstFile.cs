using System.IO.Compression;
using System.Text.Json;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>Reads one gzipped vector file (<c>XX.json.gz</c> or <c>XX.R.json.gz</c>).</summary>
internal static class SstFile
{
    public static List<SstCase> Load(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using JsonDocument doc = JsonDocument.Parse(gz);
        var cases = new List<SstCase>(doc.RootElement.GetArrayLength());
        foreach (JsonElement test in doc.RootElement.EnumerateArray())
        {
            try
            {
                cases.Add(SstCase.Parse(test, cases.Count));
            }
            catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
            {
                throw new InvalidDataException($"{path}: vector {cases.Count} cannot be read: {e.Message}", e);
            }
        }
        return cases;
    }
}
