using System.Diagnostics;
using System.Globalization;
using Concord.TestSupport;

namespace Concord.Bench;

/// <summary>
/// <c>startup</c>: wall time of fresh <c>concord</c> processes. By default from the process start to the
/// first instruction of the boot sector: the image's boot sector is <c>out 0F4h, al</c> as its first
/// instruction, so the process ends right there and the time from <see cref="Process.Start()"/> to the
/// exit is the start-up (runtime, JIT, machine, BIOS POST and boot) plus the exit, an upper bound.
/// With <c>--to-prompt</c>, from the process start to FreeDOS's <c>A:\&gt;</c> (tests/data/freedos; the
/// process ends when the prompt is on the screen): what a user waits for, JIT warm-up and, on the
/// translating engine, compiling included.
/// </summary>
/// <remarks>
/// Several engines are measured in rounds (one run of each engine per round, in turn), so that a machine
/// that gets busier or quieter during the measurement shifts every engine alike; the figures are the
/// minimum, the lower quartile and the median of each engine's runs.
/// </remarks>
public static class StartupBench
{
    /// <summary>The exit image's status: (0 &lt;&lt; 1) | 1.</summary>
    private const int ExitImageStatus = 1;

    public static int Run(TextWriter output, string concord, int runs, IReadOnlyList<string> engines, IReadOnlyList<string> options, bool toPrompt)
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
            string image = Path.Combine(folder, "boot.img");
            string[] target;
            int status;
            if (toPrompt)
            {
                File.Copy(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"), image);
                target = ["--expect", @"A:\>"];
                status = 0;
                output.WriteLine(@"Concord start-up: process start to FreeDOS's A:\> prompt (tests/data/freedos)");
            }
            else
            {
                var disk = new byte[1_474_560];
                byte[] code = [0xE6, 0xF4]; // out 0F4h, al: the first instruction ends the run
                code.CopyTo(disk, 0);
                disk[510] = 0x55;
                disk[511] = 0xAA;
                File.WriteAllBytes(image, disk);
                target = [];
                status = ExitImageStatus;
                output.WriteLine("Concord start-up: process start to the boot sector's first instruction (which exits)");
            }
            output.WriteLine($"machine: {MachineInfo.Describe()}");
            string[] engineList = engines.Count == 0 ? [""] : [.. engines];
            string[] Arguments(string engine) =>
                ["run", "--floppy", image, "--headless", "--timeout", "60", .. options, .. engine.Length > 0 ? ["--engine", engine] : Array.Empty<string>(), .. target];
            output.WriteLine($"program: {concord} {string.Join(' ', Arguments(engineList.Length == 1 ? engineList[0] : "E"))}");
            output.WriteLine($"({runs} rounds after one warm-up run of each engine; in each round every engine runs once, in turn)");
            var times = engineList.ToDictionary(e => e, _ => new List<double>());
            foreach (string engine in engineList)
                if (Measure(concord, Arguments(engine), status) is null) return 1; // warms the file cache
            for (int i = 0; i < runs; i++)
                foreach (string engine in engineList)
                {
                    double? seconds = Measure(concord, Arguments(engine), status);
                    if (seconds is null) return 1;
                    times[engine].Add(seconds.Value);
                }
            foreach (var (engine, list) in times)
            {
                list.Sort();
                string label = engine.Length == 0 ? "seconds:" : $"{engine,-8}";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label} min {list[0]:0.000}  lower quartile {list[list.Count / 4]:0.000}  median {list[list.Count / 2]:0.000}  max {list[^1]:0.000}"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double? Measure(string concord, IEnumerable<string> arguments, int expectedStatus)
    {
        var start = new ProcessStartInfo(concord)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        long t0 = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        if (process.ExitCode != expectedStatus)
        {
            Console.Error.WriteLine($"concord-bench: concord exited with {process.ExitCode}, not {expectedStatus}: {stderr.Result.Trim()}");
            return null;
        }
        return seconds;
    }
}
