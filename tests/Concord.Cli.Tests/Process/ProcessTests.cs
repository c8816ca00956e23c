using System.Diagnostics;

namespace Concord.Cli.Tests.Process;

/// <summary>
/// The built <c>concord</c> program as users run it: a real process, its real exit status and
/// standard streams. The other tests call the same code in-process.
/// </summary>
public sealed class ProcessTests
{
    private static (int Status, string Stdout, string Stderr) RunConcord(params string[] args)
    {
        // The program as built: the native launcher where the SDK made one, else the dotnet host with concord.dll.
        string launcher = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "concord.exe" : "concord");
        string dll = Path.Combine(AppContext.BaseDirectory, "concord.dll");
        Assert.True(File.Exists(dll), $"the concord program is not beside the tests at {dll}");
        bool useLauncher = File.Exists(launcher);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
        var start = new ProcessStartInfo(useLauncher ? launcher : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (!useLauncher) start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);

        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("concord did not end within 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Hello_boot_sector_prints_Hello_and_exits_with_status_43h()
    {
        using var files = new TempFiles();
        string image = files.Write("hello.img", BootSectors.Hello());

        var (status, stdout, stderr) = RunConcord("run", "--floppy", image, "--headless", "--timeout", "30");

        Assert.Equal("", stderr);
        Assert.Equal("Hello", stdout);
        Assert.Equal(0x43, status);
    }

    [Fact]
    public void Bad_input_gives_one_line_and_status_2()
    {
        var (status, stdout, stderr) = RunConcord("run", "--floppy", "/no/such/image.img", "--headless");

        Assert.Equal(2, status);
        Assert.Equal("", stdout);
        Assert.Equal("concord: run: floppy image '/no/such/image.img' does not exist; give the path of a raw image file (at least 512 bytes)\n", stderr);
    }

    [Fact]
    public void Version_exits_0()
    {
        var (status, stdout, _) = RunConcord("--version");

        Assert.Equal(0, status);
        Assert.StartsWith("0.", stdout);
    }
}
