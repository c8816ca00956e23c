using System.Diagnostics;

namespace Concord.Devices.Tests.Fat;

/// <summary>Runs host programs (mtools, dosfstools, nasm) for cross-checks; a test without them reports skipped.</summary>
internal static class HostTools
{
    private static readonly string[] ExtraFolders = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    /// <summary>The full path of <paramref name="tool"/>, or null when it is not installed.</summary>
    public static string? Find(string tool)
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string folder in folders.Concat(ExtraFolders))
        {
            string candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The path of <paramref name="tool"/>; skips the test when it is missing.</summary>
    public static string Require(string tool, string package)
    {
        if (Find(tool) is { } path) return path;
        Assert.Skip($"{tool} is not installed (apt-get install -y {package})");
        return "";
    }

    public static (int Status, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["MTOOLSRC"] = "/dev/null"; // no user configuration
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not end within 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
