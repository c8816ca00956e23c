using System.Globalization;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Engines;
using Concord.Engines.Translator;

namespace Concord.Bench;

/// <summary>
/// The macro benchmark: each workload runs for a few seconds after a warm-up; the report gives
/// guest instructions per second (MIPS) per workload and for the whole mix. The engine counts a
/// REP iteration as one instruction; the REP share column says how much of the count that is, and
/// the last column counts each REP instruction once instead, so the figure can be read honestly.
/// </summary>
/// <remarks>
/// The mix is one run of each workload's program (its <see cref="Workload.RepeatsPerRun"/>, a few
/// million instructions each) back to back: its instructions and time are the sums of one average
/// run of each. Equal time per workload would let the cheapest instructions (REP MOVSW iterations,
/// copied in blocks) dominate the count.
/// </remarks>
public sealed class MipsReport(TextWriter output, CpuModel model, TimeSpan perWorkload, TimeSpan warmUp, EngineKind engine = EngineKind.Interp)
{
    public static IReadOnlyList<Workload> Mix { get; } = [new LcgFill(), new BlockCopy(), new Crc16(), new Sieve(), new MulDivChain()];

    /// <summary>The same workloads with 32-bit registers, operands and addresses (66h/67h-prefixed real-mode code): 80386 only.</summary>
    public static IReadOnlyList<Workload> Mix32 { get; } = [new LcgFill(wide: true), new BlockCopy(wide: true), new Crc16(wide: true), new Sieve(wide: true), new MulDivChain(wide: true)];

    private sealed record Row(string Name, long Instructions, long RepIterations, long RepInstructions, TimeSpan Time)
    {
        /// <summary>This row scaled down to one of its <paramref name="runs"/> runs.</summary>
        public Row PerRun(long runs) =>
            new(Name, Instructions / runs, RepIterations / runs, RepInstructions / runs, Time / runs);

        public double Mips => Instructions / Time.TotalSeconds / 1e6;
        public double RepShare => Instructions == 0 ? 0 : (double)RepIterations / Instructions;
        public double MipsRepAsOne => (Instructions - RepIterations + RepInstructions) / Time.TotalSeconds / 1e6;
    }

    /// <summary>The mix's figure of the last <see cref="Run"/> (MIPS, each REP iteration counted).</summary>
    public double MixMips { get; private set; }

    public int Run(IEnumerable<Workload> workloads)
    {
        output.WriteLine("Concord macro benchmark: guest instructions per second");
        output.WriteLine($"machine: {MachineInfo.Describe()}");
        output.WriteLine($"engine:  {engine.Name()} (Concord.Engines {typeof(EngineFactory).Assembly.GetName().Version}), guest CPU {model.Name()}" +
                         (engine == EngineKind.Jit ? "; translator defaults: hot code compiled in the background during the warm-up" : ""));
        output.WriteLine($"method:  per workload {warmUp.TotalSeconds:0.#} s warm-up, then whole program runs for at least {perWorkload.TotalSeconds:0.#} s; " +
                         "only time inside Run is measured; every run's result is checked");
        output.WriteLine("columns: MIPS counts each REP iteration as one instruction (as the engine's budget does); " +
                         "REP share is the part of the count that REP iterations make; MIPS, REP=1 counts each REP instruction once instead");
        output.WriteLine();
        output.WriteLine($"{"workload",-10} {"instructions",15} {"seconds",8} {"MIPS",8} {"REP share",10} {"MIPS, REP=1",12}  description");

        var oneRunEach = new List<Row>();
        var compiled = new List<string>();
        foreach (Workload workload in workloads)
        {
            (Row row, long runs, TranslatorStatistics? stats) = Measure(workload);
            oneRunEach.Add(row.PerRun(runs));
            Print(row, workload.Description);
            if (stats is not null)
                compiled.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{workload.Name,-10} {stats.RegionsCompiled} regions, {stats.InstructionsCompiled} instructions, " +
                    $"{stats.CompileTimePerRegion.TotalMilliseconds:0.00} ms per region, {stats.CacheBytes:N0} IL bytes cached; " +
                    $"{(double)stats.TranslatedInstructions / Math.Max(1, stats.TranslatedInstructions + stats.InterpretedInstructions):P1} of instructions ran translated"));
        }

        var mix = new Row("mix", oneRunEach.Sum(r => r.Instructions), oneRunEach.Sum(r => r.RepIterations),
            oneRunEach.Sum(r => r.RepInstructions), TimeSpan.FromTicks(oneRunEach.Sum(r => r.Time.Ticks)));
        output.WriteLine(new string('-', 70));
        Print(mix, "one average run of each workload above, back to back");
        MixMips = mix.Mips;
        if (compiled.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("translator, per workload (compile time is wall time on the compile thread):");
            foreach (string line in compiled) output.WriteLine(line);
        }
        return 0;
    }

    private (Row Row, long Runs, TranslatorStatistics? Stats) Measure(Workload workload)
    {
        using var runner = new GuestRunner(workload, model, engine);
        int repeats = workload.RepeatsPerRun;

        TimeSpan spent = TimeSpan.Zero;
        while (spent < warmUp) spent += runner.RunOnce(repeats).Time;

        long instructions = 0, runs = 0;
        TimeSpan time = TimeSpan.Zero;
        while (time < perWorkload)
        {
            var (executed, elapsed) = runner.RunOnce(repeats);
            instructions += executed;
            time += elapsed;
            runs++;
        }
        long repeatsDone = runs * repeats;
        var row = new Row(workload.Name, instructions, repeatsDone * workload.RepIterationsPerRepeat,
            repeatsDone * workload.RepInstructionsPerRepeat, time);
        return (row, runs, runner.Statistics);
    }

    private void Print(Row row, string description) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Name,-10} {row.Instructions,15:N0} {row.Time.TotalSeconds,8:0.000} {row.Mips,8:0.0} {row.RepShare,10:P1} {row.MipsRepAsOne,12:0.0}  {description}"));
}
