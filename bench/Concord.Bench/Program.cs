using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Running;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Engines.Interpreter;
using Concord.Engines;

namespace Concord.Bench;

/// <summary>
/// concord-bench: <c>mips</c> runs the guest workloads and reports instructions per second;
/// <c>micro</c> runs the BenchmarkDotNet micro benchmarks (further arguments go to BenchmarkDotNet).
/// Refuses Debug builds: their figures mean nothing.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: dotnet run -c Release --project bench/Concord.Bench -- mips [--engine interp|jit|interp,jit] [--cpu 8086|80286|80386] [--set 16|32] [--seconds S] [--warmup S] [--only NAME]   (--set 32: the 32-bit workloads, 80386)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- micro [BenchmarkDotNet arguments, e.g. --filter *Crc16*]\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- pc-mips [--engine interp|jit|interp,jit] [--cpu 8086|80286|80386] [--seconds S]   (the workloads inside the PC, timer on)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- qemu [--cpu 8086|80286|80386] [--seconds S] [--rounds N] [--only NAME] [--qemu PATH]   (the pc-mips images under QEMU TCG, interp and jit: MIPS and ratios)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- sessions   (a FreeDOS session and the bundled demo on interp and jit: time, regions compiled, compile time, code cache)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- startup [--concord PATH] [--runs N] [--engine E|interp,jit] [--cpu C] [--to-prompt]   (process start to the boot sector, or to FreeDOS's prompt; engines measured in turn)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- gates [--cpu 8086|80286] [--seconds S]   (gate round trips, guest app -> parent service)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- dos-partner   (gate round trip and XFER into FreeDOS and Concord DOS, whole machines)\n" +
        "       dotnet run -c Release --project bench/Concord.Bench -- hostfs [--cpu 8086|80286|80386]   (FreeDOS: 1 MiB copies through a mounted folder and a diskette image, DIR of 1,000 files)";

    public static int Main(string[] args)
    {
        if (IsDebugBuild(typeof(Program).Assembly) || IsDebugBuild(typeof(Interpreter).Assembly))
        {
            Console.Error.WriteLine("concord-bench: refusing to measure a Debug build; run with -c Release");
            return 2;
        }
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        switch (args[0])
        {
            case "mips":
                return Mips(args[1..]);
            case "pc-mips":
                return PcMips(args[1..]);
            case "qemu":
                return Qemu(args[1..]);
            case "sessions":
                return SessionBench.Run(Console.Out, Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..")));
            case "startup":
                return Startup(args[1..]);
            case "gates":
                return Gates(args[1..]);
            case "dos-partner" when args.Length == 1:
                return DosPartnerBench.Run(Console.Out);
            case "hostfs":
                return ParseCpuAndSeconds(args[1..], CpuModel.I80286, 1, out CpuModel hostfsModel, out _) ? HostFolderBench.Run(Console.Out, hostfsModel) : 2;
            case "micro":
                var summaries = BenchmarkSwitcher.FromTypes([typeof(MicroBenchmarks), typeof(PortAccessBenchmarks)]).Run(args[1..]).ToArray();
                bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
                if (failed) Console.Error.WriteLine("concord-bench: some micro benchmarks did not run; see the log above");
                return failed ? 1 : 0;
            default:
                Console.Error.WriteLine($"concord-bench: unknown mode '{args[0]}'; valid modes: mips, micro, pc-mips, qemu, sessions, startup, gates, dos-partner, hostfs");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>"interp", "jit" or a comma-separated list of engines, each measured in turn in the same run.</summary>
    private static bool TryParseEngines(string text, out EngineKind[] engines)
    {
        var list = new List<EngineKind>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EngineKinds.TryParse(part, out EngineKind kind) || kind is EngineKind.Kvm or EngineKind.Auto)
            {
                engines = [];
                return false;
            }
            list.Add(kind);
        }
        engines = [.. list];
        return engines.Length > 0;
    }

    private static int Mips(string[] args)
    {
        CpuModel model = CpuModel.I8086;
        EngineKind[] engines = [EngineKind.Interp];
        double seconds = 3, warmUp = 1;
        string? only = null;
        int set = 16;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--cpu" when TryParseCpu(value, out model):
                case "--engine" when TryParseEngines(value, out engines):
                case "--seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out warmUp) && warmUp >= 0:
                case "--set" when value is "16" or "32" && (set = int.Parse(value, CultureInfo.InvariantCulture)) > 0:
                case "--only" when MipsReport.Mix.Concat(MipsReport.Mix32).Any(w => w.Name == value) && (only = value) is not null:
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"concord-bench: bad argument '{args[i]}' {value}; workloads: " +
                                            string.Join(", ", MipsReport.Mix.Concat(MipsReport.Mix32).Select(w => w.Name)));
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        IReadOnlyList<Workload> workloads = set == 32 ? MipsReport.Mix32 : MipsReport.Mix;
        if (only is not null && !workloads.Any(w => w.Name == only)) workloads = set == 32 ? MipsReport.Mix : MipsReport.Mix32;
        if (workloads == MipsReport.Mix32 && model != CpuModel.I80386)
        {
            Console.Error.WriteLine($"concord-bench: the 32-bit workloads need --cpu 80386, not {model.Name()}");
            return 2;
        }
        var mixes = new List<(EngineKind Engine, double Mips)>();
        foreach (EngineKind engine in engines)
        {
            var report = new MipsReport(Console.Out, model, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmUp), engine);
            if (report.Run(workloads.Where(w => only is null || w.Name == only)) != 0) return 1;
            mixes.Add((engine, report.MixMips));
            Console.WriteLine();
        }
        if (mixes.Count > 1)
            Console.WriteLine("mix, same run: " + string.Join("; ", mixes.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.Engine.Name()} {m.Mips:0.0} MIPS ({m.Mips / mixes[0].Mips:0.00}x {mixes[0].Engine.Name()})"))));
        return 0;
    }

    private static int PcMips(string[] args)
    {
        EngineKind[] engines = [EngineKind.Interp];
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--engine" && i + 1 < args.Length && TryParseEngines(args[i + 1], out engines)) i++;
            else rest.Add(args[i]);
        }
        if (!ParseCpuAndSeconds([.. rest], CpuModel.I80286, 2, out CpuModel model, out double seconds)) return 2;
        var mixes = new List<(EngineKind Engine, double Mips)>();
        foreach (EngineKind engine in engines)
        {
            mixes.Add((engine, PcMipsBench.Run(Console.Out, model, seconds, engine)));
            Console.WriteLine();
        }
        if (mixes.Count > 1)
            Console.WriteLine("mix, same run: " + string.Join("; ", mixes.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.Engine.Name()} {m.Mips:0.0} MIPS ({m.Mips / mixes[0].Mips:0.00}x {mixes[0].Engine.Name()})"))));
        return 0;
    }

    private static int Qemu(string[] args)
    {
        string? only = null, qemu = null;
        int rounds = 1;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            if (args[i] == "--only" && MipsReport.Mix.Any(w => w.Name == value)) only = args[++i];
            else if (args[i] == "--qemu" && value.Length > 0) qemu = args[++i];
            else if (args[i] == "--rounds" && int.TryParse(value, CultureInfo.InvariantCulture, out rounds) && rounds > 0) i++;
            else if (args[i] is "--only" or "--qemu" or "--rounds")
            {
                string valid = args[i] switch
                {
                    "--only" => "a workload: " + string.Join(", ", MipsReport.Mix.Select(w => w.Name)),
                    "--rounds" => "a whole number, 1 or more",
                    _ => "the path of qemu-system-i386",
                };
                Console.Error.WriteLine($"concord-bench: bad argument '{args[i]}' {value}; valid: {valid}");
                return 2;
            }
            else rest.Add(args[i]);
        }
        if (!ParseCpuAndSeconds([.. rest], CpuModel.I80286, 2, out CpuModel model, out double seconds)) return 2;
        string? path = QemuBench.Find(qemu);
        if (path is null)
        {
            Console.Error.WriteLine(qemu is null
                ? "concord-bench: qemu-system-i386 is not installed (apt-get install -y qemu-system-x86), so there is nothing to compare with; give --qemu PATH if it is elsewhere"
                : $"concord-bench: --qemu '{qemu}' names no file; give the path of qemu-system-i386");
            return 2;
        }
        return QemuBench.Run(Console.Out, path, model, seconds, rounds, [.. MipsReport.Mix.Where(w => only is null || w.Name == only)]);
    }

    private static int Gates(string[] args)
    {
        EngineKind[] engines = [EngineKind.Interp];
        int at = Array.IndexOf(args, "--engine");
        if (at >= 0)
        {
            if (at + 1 >= args.Length || !TryParseEngines(args[at + 1], out engines))
            {
                Console.Error.WriteLine($"concord-bench: --engine takes a list of {string.Join(", ", EngineFactory.Known.Select(e => e.Name()))}");
                return 2;
            }
            args = [.. args[..at], .. args[(at + 2)..]];
        }
        return ParseCpuAndSeconds(args, CpuModel.I8086, 1, out CpuModel model, out double seconds)
            ? GateBench.Run(Console.Out, model, seconds, engines)
            : 2;
    }

    /// <summary>The options of the modes that take only <c>--cpu</c> and <c>--seconds</c>; false (with usage on stderr) on anything else.</summary>
    private static bool ParseCpuAndSeconds(string[] args, CpuModel defaultModel, double defaultSeconds, out CpuModel model, out double seconds)
    {
        model = defaultModel;
        seconds = defaultSeconds;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--cpu" when TryParseCpu(value, out model):
                case "--seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"concord-bench: bad argument '{args[i]}' {value}");
                    Console.Error.WriteLine(Usage);
                    return false;
            }
        }
        return true;
    }

    private static int Startup(string[] args)
    {
        string concord = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Concord.Cli/bin/Release/net10.0/concord"));
        int runs = 10;
        bool toPrompt = false;
        string[] engines = [];
        var extra = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--concord" when value.Length > 0 && (concord = Path.GetFullPath(value)) is not null:
                case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out runs) && runs > 0:
                    i++;
                    break;
                case "--engine" when TryParseEngines(value, out EngineKind[] kinds):
                    engines = [.. kinds.Select(k => k.Name())];
                    i++;
                    break;
                case "--cpu" when value.Length > 0:
                    extra.AddRange([args[i], value]);
                    i++;
                    break;
                case "--to-prompt":
                    toPrompt = true;
                    break;
                default:
                    Console.Error.WriteLine($"concord-bench: bad argument '{args[i]}' {value}");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        return StartupBench.Run(Console.Out, concord, runs, engines, extra, toPrompt);
    }

    /// <summary>The models the command line names, and the 80386, which the benchmarks run before the monitor offers it.</summary>
    private static bool TryParseCpu(string text, out CpuModel model)
    {
        if (CpuModels.TryParse(text, out model)) return true;
        if (text.Trim() is not ("80386" or "386")) return false;
        model = CpuModel.I80386;
        return true;
    }

    private static bool IsDebugBuild(Assembly assembly) =>
        assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
}
