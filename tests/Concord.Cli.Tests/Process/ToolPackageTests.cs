using System.Diagnostics;

namespace Concord.Cli.Tests.Process;

/// <summary>
/// <c>concord</c> is a .NET tool: packed from src/Concord.Cli, installed with <c>dotnet tool install</c>
/// from the package folder, and run as users run it, on the hello diskette.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_with_dotnet_tool_install_and_runs_the_hello_diskette()
    {
        using var files = new TempFiles();
        string feed = Path.Combine(files.Folder, "feed"), tools = Path.Combine(files.Folder, "tools");

        var pack = Dotnet("pack", RepoPaths.Under("src", "Concord.Cli"), "-c", "Release", "-o", feed, "--nologo");
        Assert.True(pack.Status == 0, pack.Output);
        Assert.Single(Directory.GetFiles(feed, "concord.*.nupkg"));

        var install = Dotnet("tool", "install", "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources", "concord");
        Assert.True(install.Status == 0, install.Output);

        string concord = Path.Combine(tools, OperatingSystem.IsWindows() ? "concord.exe" : "concord");
        var version = Run(concord, "--version");
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
        var hello = Run(concord, "run", "--floppy", RepoPaths.Firmware("hello", "hello.img"), "--headless");
        Assert.True(hello.Status == 0, hello.Output);
        Assert.Contains("Hello from a Concord boot sector!", hello.Output);
    }

    private static (int Status, string Output) Dotnet(params string[] args) =>
        Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", args);

    private static (int Status, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
