using System.Diagnostics;
using System.Globalization;

namespace Concord.Bench;

/// <summary>
/// <c>startup</c>: wall time from starting the <c>concord</c> process to the first instruction of
/// the boot sector. The image's boot sector is <c>out 0F4h, al</c> as its first instruction, so the
/// process ends right there: the time from <see cref="Process.Start()"/> to the exit is the start-up
/// (runtime, JIT, machine, BIOS POST and boot) plus the exit, an upper bound on the figure.
/// </summary>
public static class StartupBench
{
    /// <summary>The guest's status: (0 &lt;&lt; 1) | 1.</summary>
    private const int ExpectedStatus = 1;

    public static int Run(TextWriter output, string concord, int runs, IReadOnlyList<string> options)
    {
        if (!File.Exists(concord))
        {
            Console.Error.WriteLine($"concord-bench: no concord program at '{concord}'; build it (dotnet build -c Release src/Concord.Cli, " +
                                    "or dotnet publish -c Release -r linux-x64 src/Concord.Cli for ReadyToRun) or give --concord PATH");
            return 2;
        }
        string folder = Path.Combine(Path.GetTempPath(), "concord-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string image = Path.Combine(folder, "exit.img");
            var disk = new byte[1_474_560];
            byte[] code = [0xE6, 0xF4]; // out 0F4h, al: the first instruction ends the run
            code.CopyTo(disk, 0);
            disk[510] = 0x55;
            disk[511] = 0xAA;
            File.WriteAllBytes(image, disk);

            output.WriteLine("Concord start-up: process start to the boot sector's first instruction (which exits)");
            output.WriteLine($"machine: {MachineInfo.Describe()}");
            output.WriteLine($"program: {concord} run --floppy exit.img --headless {string.Join(' ', options)}  ({runs} runs after one warm-up run)");
            Measure(concord, image, options); // warm the file cache
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                double? seconds = Measure(concord, image, options);
                if (seconds is null) return 1;
                times.Add(seconds.Value);
            }
            times.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seconds: min {times[0]:0.000}  median {times[times.Count / 2]:0.000}  max {times[^1]:0.000}"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double? Measure(string concord, string image, IReadOnlyList<string> options)
    {
        var start = new ProcessStartInfo(concord)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "run", "--floppy", image, "--headless", "--timeout", "30" }.Concat(options)) start.ArgumentList.Add(a);
        long t0 = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        if (process.ExitCode != ExpectedStatus)
        {
            Console.Error.WriteLine($"concord-bench: concord exited with {process.ExitCode}, not {ExpectedStatus}: {stderr.Trim()}");
            return null;
        }
        return seconds;
    }
}
