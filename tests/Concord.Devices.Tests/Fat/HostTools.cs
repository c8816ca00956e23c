namespace Concord.Devices.Tests.Fat;

/// <summary>Host programs (mtools, dosfstools, nasm) for cross-checks; a test without them reports skipped.</summary>
internal static class HostTools
{
    /// <summary>The path of <paramref name="tool"/>; skips the test when it is missing.</summary>
    public static string Require(string tool, string package)
    {
        if (TestSupport.HostTools.Find(tool) is { } path) return path;
        Assert.Skip(TestSupport.HostTools.Missing(tool, package));
        return "";
    }

    public static (int Status, string Stdout, string Stderr) Run(string tool, params string[] args) => TestSupport.HostTools.Run(tool, args);
}
