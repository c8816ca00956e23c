namespace Concord.Engines.Tests.SingleStep;

/// <summary>The vector folders are where the harness looks, and complete.</summary>
public sealed class SuiteFilesTests
{
    [Theory]
    [InlineData("sst8086", 322)]
    [InlineData("sst80286", 28)]
    public void Suite_folder_holds_every_file_its_manifest_lists(string suite, int files)
    {
        string folder = SuiteLocator.Require(suite);
        SortedDictionary<string, int> manifest = SuiteManifest.Load(folder);
        Assert.Equal(files, manifest.Count);
        var missing = manifest.Keys.Where(stem => !File.Exists(Path.Combine(folder, stem + ".json.gz"))).ToList();
        Assert.True(missing.Count == 0, $"{folder} lacks {string.Join(", ", missing.Select(s => s + ".json.gz"))}");
    }
}
