namespace Concord.TestSupport;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Concord.sln, searched upwards from the test binaries.</summary>
    public static string Root => TryRoot() ?? throw new InvalidOperationException($"no Concord.sln above {AppContext.BaseDirectory}");

    /// <summary>The folder holding Concord.sln, or null when the tests run from outside a checkout.</summary>
    public static string? TryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Concord.sln"))) return dir.FullName;
        return null;
    }

    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A file of the firmware (built images are committed), e.g. Firmware("bios", "bios.bin").</summary>
    public static string Firmware(params string[] parts) => Under(["firmware", .. parts]);

    /// <summary>A file of the committed test data (tests/data: vectors, real diskettes), e.g. TestData("freedos", "x.img").</summary>
    public static string TestData(params string[] parts) => Under(["tests", "data", .. parts]);
}
