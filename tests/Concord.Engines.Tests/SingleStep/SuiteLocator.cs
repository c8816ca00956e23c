namespace Concord.Engines.Tests.SingleStep;

/// <summary>
/// Finds the SingleStepTests vectors: the folder named by <c>CONCORD_SST_DIR</c> (holding
/// <c>sst8086/</c> and <c>sst80286/</c>), or else the repository's own copy in <c>tests/data</c>
/// (under the folder holding <c>Concord.sln</c>). Never silently empty: every failure names where it looked.
/// </summary>
internal static class SuiteLocator
{
    public const string EnvironmentVariable = "CONCORD_SST_DIR";

    /// <summary>The folder of one suite, e.g. <c>sst8086</c>, or a message naming where it looked.</summary>
    public static bool TryFind(string suite, out string folder, out string problem)
    {
        folder = "";
        string? root = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string how;
        if (!string.IsNullOrWhiteSpace(root))
        {
            how = $"from {EnvironmentVariable}={root}";
        }
        else
        {
            string? repo = Concord.TestSupport.RepoPaths.TryRoot();
            if (repo is null)
            {
                problem = $"the SingleStepTests vectors could not be located: {EnvironmentVariable} is not set and no folder " +
                          $"holding Concord.sln was found above {AppContext.BaseDirectory}";
                return false;
            }
            root = Path.Combine(repo, "tests", "data");
            how = $"the repository's tests/data under {repo} ({EnvironmentVariable} is not set)";
        }

        folder = Path.GetFullPath(Path.Combine(root, suite));
        if (!Directory.Exists(folder))
        {
            problem = $"the {suite} vectors are missing: no folder {folder} (looked at {how})";
            return false;
        }
        problem = "";
        return true;
    }

    /// <summary>The folder of one suite; fails the calling test when it is missing.</summary>
    public static string Require(string suite)
    {
        if (!TryFind(suite, out string folder, out string problem)) Assert.Fail(problem);
        return folder;
    }

    /// <summary>A file of a suite folder; fails the calling test, naming the path, when it is missing.</summary>
    public static string RequireFile(string folder, string fileName)
    {
        string path = Path.Combine(folder, fileName);
        if (!File.Exists(path)) Assert.Fail($"a SingleStepTests file is missing: {path}");
        return path;
    }
}
