using System.Diagnostics;

namespace Concord.TestSupport;

/// <summary>Runs host programs (nasm, mtools, dosfstools, QEMU) for tests; a test without them reports skipped.</summary>
public static class HostTools
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

    /// <summary>The message of a test skipped for want of <paramref name="tool"/>.</summary>
    public static string Missing(string tool, string package) => $"{tool} is not installed (apt-get install -y {package})";

    public static (int Status, string Stdout, string Stderr) Run(string tool, params string[] args) =>
        Run(tool, TimeSpan.FromSeconds(60), args);

    public static (int Status, string Stdout, string Stderr) Run(string tool, TimeSpan timeout, params string[] args)
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
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not end within {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
