namespace Concord.Devices.Tests;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding Concord.sln, searched upwards from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Concord.sln"))) return dir.FullName;
            throw new InvalidOperationException($"no Concord.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);
}
