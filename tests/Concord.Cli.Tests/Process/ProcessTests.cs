using System.Diagnostics;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests.Process;

/// <summary>
/// The built <c>concord</c> program as users run it: a real process, its real exit status and
/// standard streams. The other tests call the same code in-process.
/// </summary>
public sealed class ProcessTests
{
    internal static ProcessStartInfo StartInfo(string[] args)
    {
        string launcher = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "concord.exe" : "concord");
        string dll = Path.Combine(AppContext.BaseDirectory, "concord.dll");
        bool useLauncher = File.Exists(launcher);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(useLauncher ? launcher : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (!useLauncher) start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        return start;
    }

    [Fact]
    public async Task Image_held_by_a_running_concord_is_refused_and_SIGTERM_stops_the_holder_with_its_disk_written()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("SIGTERM is a POSIX signal");
        using var files = new TempFiles();
        // The boot sector writes a marker into sector 2 of its own disk (INT 13h AH=03h), says so on E9h, then spins.
        string image = files.Write("held.img", BootSectors.Build(asm =>
        {
            Iced.Intel.Label spin = asm.CreateLabel();
            asm.xor(ax, ax); asm.mov(es, ax);
            asm.mov(di, 0x0600); asm.mov(cx, 256); asm.mov(ax, 0x4B4F); asm.rep.stosw(); // "OK" x 256
            asm.mov(ax, 0x0301); asm.mov(cx, 0x0002); asm.mov(dx, 0x0000); asm.mov(bx, 0x0600);
            asm.@int(0x13);
            asm.Print("written\n");
            asm.Label(ref spin);
            asm.jmp(spin);
        }));

        using var holder = System.Diagnostics.Process.Start(StartInfo(["run", "--floppy", image, "--headless", "--timeout", "60"]))!;
        holder.StandardInput.Close();
        Task<string> holderErr = holder.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string? line;
        do line = holder.StandardOutput.ReadLine();
        while (line is not null && line != "written");
        Assert.Equal("written", line);

        var (status, stdout, stderr) = RunConcord("run", "--floppy", image, "--headless", "--timeout", "10");

        Assert.Equal(2, status);
        Assert.Equal("", stdout);
        Assert.StartsWith($"concord: run: floppy image '{image}': cannot be opened, probably because another process (another Concord?) holds it", stderr);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        Assert.True(holder.WaitForExit(TimeSpan.FromSeconds(30)), "concord did not stop on SIGTERM");
        Assert.Equal(130, holder.ExitCode);
        Assert.Contains("cancelled after", await holderErr);
        byte[] written = File.ReadAllBytes(image).AsSpan(512, 512).ToArray();
        Assert.All(written.Chunk(2), pair => Assert.Equal(new byte[] { 0x4F, 0x4B }, pair));
    }

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
        Assert.Equal("Hello", BootSectors.GuestOutput(stdout));
        Assert.Equal(0x43, status);
    }

    [Fact]
    public void Bad_input_gives_one_line_and_status_2()
    {
        var (status, stdout, stderr) = RunConcord("run", "--floppy", "/no/such/image.img", "--headless");

        Assert.Equal(2, status);
        Assert.Equal("", stdout);
        Assert.Equal("concord: run: floppy image '/no/such/image.img' does not exist; give the path of a raw image file (e.g. a 1.44 MB .img)\n", stderr);
    }

    [Fact]
    public void Version_exits_0()
    {
        var (status, stdout, _) = RunConcord("--version");

        Assert.Equal(0, status);
        Assert.StartsWith("0.", stdout);
    }
}
