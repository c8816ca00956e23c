using System.Diagnostics;
using System.Globalization;
using Concord.Core.Cpu;
using Concord.Engines.Translator;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Bench;

/// <summary>
/// Whole sessions under each engine: a FreeDOS session (boot, DIR, TYPE, DIR /W) on one 80286 VM and
/// the bundled demo (two 80286 VMs, a gate call each way), on the virtual clock. Reports the wall time,
/// the guest instructions, and for the jit what it compiled: regions, compile time per region, the
/// code cache's size at the end and at its largest, and the share of instructions run translated.
/// </summary>
internal static class SessionBench
{
    private static readonly AutomationStep[] FreeDos =
    [
        new AutomationStep.Expect("A:\\>"),
        new AutomationStep.Send("dir\r"),
        new AutomationStep.Expect("bytes free"),
        new AutomationStep.Send("type fdconfig.sys\r"),
        new AutomationStep.Expect("\nA:\\>"),
        new AutomationStep.Send("dir /w\r"),
        new AutomationStep.Expect("bytes free"),
    ];

    public static int Run(TextWriter output, string repo)
    {
        string folder = Path.Combine(Path.GetTempPath(), "concord-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            output.WriteLine("Concord session benchmark: whole systems on each engine (virtual clock; wall time includes compiling)");
            output.WriteLine($"machine: {MachineInfo.Describe()}");
            output.WriteLine();
            output.WriteLine("session     engine  steps  guest instructions  wall s  regions  instr/region  compile ms/region  cache now/peak (IL KiB)  translated");
            foreach (EngineKind engine in new[] { EngineKind.Interp, EngineKind.Jit })
            {
                string image = Path.Combine(folder, $"freedos-{engine.Name()}.img");
                File.Copy(Path.Combine(repo, "tests", "data", "freedos", "freedos-8086tiny-1440k.img"), image);
                MachineSpec spec = MachineSpec.ForDiskettes(image, null, PlatformProfile.At, CpuModel.I80286, ClockKind.Virtual, engine);
                Report(output, "freedos", engine, spec, [.. FreeDos.Select(s => new MachineStep(MachineSpec.SoloVmName, s))]);
            }
            foreach (EngineKind engine in new[] { EngineKind.Interp, EngineKind.Jit })
            {
                string dir = Path.Combine(folder, "bundled-" + engine.Name());
                Directory.CreateDirectory(dir);
                File.Copy(Path.Combine(repo, "docs", "machines", "bundled.toml"), Path.Combine(dir, "bundled.toml"));
                File.Copy(Path.Combine(repo, "firmware", "os", "cdos-at.img"), Path.Combine(dir, "dos.img"));
                File.Copy(Path.Combine(repo, "firmware", "os", "cdos-pc98.img"), Path.Combine(dir, "guest.img"));
                MachineFileResult loaded = MachineFile.Load(Path.Combine(dir, "bundled.toml"));
                if (loaded.Spec is null)
                {
                    output.WriteLine("bundled.toml: " + string.Join("; ", loaded.Errors));
                    return 1;
                }
                MachineSpec spec = loaded.Spec with { Vms = [.. loaded.Spec.Vms.Select(v => v with { Engine = engine })] };
                Report(output, "demo", engine, spec,
                [
                    new("dos", new AutomationStep.Expect("A:\\>")), new("guest", new AutomationStep.Expect("B:\\>")),
                    new("guest", new AutomationStep.Send("rdir\r")), new("guest", new AutomationStep.Expect(" bytes")),
                    new("dos", new AutomationStep.Send("rdir\r")), new("dos", new AutomationStep.Expect(" bytes")),
                ]);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Report(TextWriter output, string name, EngineKind engine, MachineSpec spec, MachineStep[] steps)
    {
        var watch = Stopwatch.StartNew();
        using var machine = new Machine(spec, new MachineOptions());
        MachineOutcome outcome = machine.Run(new MachineRunOptions { Steps = steps, Timeout = TimeSpan.FromSeconds(300) });
        watch.Stop();
        TranslatorStatistics[] stats = [.. machine.Vms.Select(v => v.Cpu).OfType<Translator>().Select(t => t.Statistics)];
        string jit = "";
        if (stats.Length > 0)
        {
            long regions = stats.Sum(s => s.RegionsCompiled), instructions = stats.Sum(s => s.InstructionsCompiled);
            double compileMs = stats.Sum(s => s.CompileTime.TotalMilliseconds);
            long translated = stats.Sum(s => s.TranslatedInstructions), interpreted = stats.Sum(s => s.InterpretedInstructions);
            jit = string.Create(CultureInfo.InvariantCulture,
                $"{regions,7}  {(regions == 0 ? 0 : instructions / (double)regions),12:0.0}  {(regions == 0 ? 0 : compileMs / regions),17:0.00}  " +
                $"{stats.Sum(s => s.CacheBytes) / 1024.0,10:0.0} / {stats.Sum(s => s.PeakCacheBytes) / 1024.0,-10:0.0}  " +
                $"{100.0 * translated / Math.Max(1, translated + interpreted),8:0.0} %");
            jit += string.Create(CultureInfo.InvariantCulture,
                $"  (entered {stats.Sum(s => s.RegionEntries):N0} times; invalidated {stats.Sum(s => s.Invalidated)}, discarded {stats.Sum(s => s.Discarded)}, evicted {stats.Sum(s => s.Evicted)})");
            if (stats.Sum(s => s.CompileFailures) > 0) jit += "  compile failures: " + stats.First(s => s.FirstFailure is not null).FirstFailure;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10}  {engine.Name(),-6}  {outcome.StepsCompleted,2}/{steps.Length,-2}  {outcome.Instructions,18:N0}  {watch.Elapsed.TotalSeconds,6:0.00}  {jit}"));
        if (outcome.Stop != StopReason.StepsCompleted) output.WriteLine("  " + outcome.Describe());
    }
}
