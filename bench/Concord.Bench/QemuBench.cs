using System.Diagnostics;
using System.Globalization;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Engines;
using Concord.TestSupport;

namespace Concord.Bench;

/// <summary>
/// <c>qemu</c>: the boot images of <c>pc-mips</c>, byte for byte, under QEMU's TCG (<c>qemu-system-i386 -accel tcg</c>,
/// headless, the image as its floppy, an isa-debug-exit device at F4h where Concord has its debug exit) and on
/// Concord's interpreter and translator, in the same run. QEMU is timed from process start to exit, Concord inside
/// Machine.Run; each figure is the difference between a run of many calls and a run of one call of the workload,
/// so start-up, POST and boot drop out on every side, and so does most of the first translations' cost.
/// </summary>
/// <remarks>
/// QEMU does not count instructions, so every side is credited with the instructions Concord's interpreter
/// counts per call of the workload in the same image (the difference of its two runs over the difference of
/// their calls: the workload, the boot sector's loop around it, and the BIOS's timer interrupts at 18.2 Hz of
/// virtual time, some 0.01% of the count). The translator's own count per call is printed next to it.
/// </remarks>
public static class QemuBench
{
    private const string ProgramName = "qemu-system-i386";

    private enum Side { Interp, Jit, Qemu }

    private readonly record struct Sample(TimeSpan Time, long Instructions);

    /// <summary>A run of many calls less a run of one: calls, host time and (on Concord) instructions counted.</summary>
    private sealed record Difference(int Calls, TimeSpan Time, long Instructions)
    {
        public double SecondsPerCall => Time.TotalSeconds / Calls;
    }

    /// <summary>The path of qemu-system-i386: <paramref name="given"/>, else the one installed; null when there is none.</summary>
    public static string? Find(string? given) =>
        given is null ? HostTools.Find(ProgramName) : File.Exists(given) ? Path.GetFullPath(given) : null;

    public static int Run(TextWriter output, string qemu, CpuModel model, double seconds, int rounds, IReadOnlyList<Workload> workloads)
    {
        output.WriteLine("QEMU TCG against Concord: the pc-mips boot images, the same bytes, under both");
        output.WriteLine($"machine: {MachineInfo.Describe()}");
        output.WriteLine($"QEMU:    {Version(qemu)}: {ProgramName} {string.Join(' ', Arguments("IMAGE"))}");
        output.WriteLine($"Concord: interp and jit (Concord.Engines {typeof(EngineFactory).Assembly.GetName().Version}), guest CPU {model.Name()}, the PC machine of pc-mips");
        output.WriteLine($"method:  per workload and side, a 1-call run and a run of about {seconds:0.#} s more; MIPS = instructions of the extra calls / the extra time; " +
                         $"{rounds} round(s), interp, jit and QEMU in turn, the best of each side kept");
        output.WriteLine("count:   instr/call is what Concord's interpreter counts per call in this image (workload, boot-sector loop, timer IRQs; " +
                         "each REP iteration one instruction); all three sides are credited with it");
        output.WriteLine();
        output.WriteLine($"{"workload",-10} {"instr/call",12} {"interp",8} {"jit",8} {"QEMU",8} {"jit/QEMU",9} {"interp/QEMU",12}   (MIPS)");

        var rows = new List<(Workload Workload, double PerCall, Dictionary<Side, Difference> Best)>();
        try
        {
            foreach (Workload workload in workloads)
            {
                TimeSpan timeout = TimeSpan.FromSeconds(seconds * 20 + 30);
                Func<ushort, Sample> interp = calls => RunConcord(workload, model, EngineKind.Interp, calls, timeout);
                Func<ushort, Sample> jit = calls => RunConcord(workload, model, EngineKind.Jit, calls, timeout);
                Func<ushort, Sample> onQemu = calls => new Sample(RunQemu(qemu, workload, calls, timeout), 0);
                var best = new Dictionary<Side, Difference> { [Side.Interp] = Measure(interp, null, seconds, 150) };
                double perCall = (double)best[Side.Interp].Instructions / best[Side.Interp].Calls;
                double Mips(Side side) => perCall / best[side].SecondsPerCall / 1e6;
                best[Side.Jit] = Measure(jit, perCall, seconds, 500);
                best[Side.Qemu] = Measure(onQemu, perCall, seconds, 700);
                for (int round = 1; round < rounds; round++)
                {
                    foreach (var (side, run) in new[] { (Side.Interp, interp), (Side.Jit, jit), (Side.Qemu, onQemu) })
                    {
                        Difference again = Measure(run, perCall, seconds, Mips(side));
                        if (again.SecondsPerCall < best[side].SecondsPerCall) best[side] = again;
                    }
                }
                rows.Add((workload, perCall, best));
                PrintRow(output, workload.Name, perCall, Mips);
            }
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"concord-bench: {e.Message}");
            return 1;
        }

        output.WriteLine(new string('-', 76));
        double mix = rows.Sum(r => r.PerCall);
        PrintRow(output, "mix", mix, side => mix / rows.Sum(r => r.Best[side].SecondsPerCall) / 1e6);
        // Concord moves a REP MOVSW or STOSB in blocks, QEMU iteration by iteration: the same time over a count in
        // which each REP instruction is one shows how much of a ratio that makes.
        double mixRepAsOne = rows.Sum(r => r.PerCall - (double)r.Workload.RepeatsPerRun * (r.Workload.RepIterationsPerRepeat - r.Workload.RepInstructionsPerRepeat));
        PrintRow(output, "mix, REP=1", mixRepAsOne, side => mixRepAsOne / rows.Sum(r => r.Best[side].SecondsPerCall) / 1e6);
        output.WriteLine("mix: one call of each workload above, back to back (as in mips and pc-mips); REP=1: the same times, each REP instruction counted once");
        output.WriteLine();
        output.WriteLine("best runs (extra calls over the 1-call run, extra seconds; jit's own count per call):");
        foreach (var (workload, _, best) in rows)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workload.Name,-10} interp {Describe(best[Side.Interp])}; jit {Describe(best[Side.Jit])}, counted {(double)best[Side.Jit].Instructions / best[Side.Jit].Calls:N0}/call; QEMU {Describe(best[Side.Qemu])}"));
        return 0;
    }

    /// <summary>QEMU's arguments for <paramref name="image"/>: TCG, no display or default devices, the image as floppy A, the debug exit at F4h.</summary>
    internal static IReadOnlyList<string> Arguments(string image) =>
    [
        "-accel", "tcg", "-machine", "pc", "-m", "16", "-display", "none", "-nodefaults", "-no-user-config", "-no-reboot",
        "-drive", $"if=floppy,index=0,format=raw,readonly=on,file={image}", "-boot", "a",
        "-device", $"isa-debug-exit,iobase=0x{PcMipsBench.ExitPort:x2},iosize=0x01",
    ];

    /// <summary>
    /// Runs the image of <paramref name="calls"/> calls of <paramref name="workload"/> under QEMU to its debug exit: the host time
    /// from process start to exit (QEMU counts no instructions).
    /// </summary>
    internal static TimeSpan RunQemu(string qemu, Workload workload, ushort calls, TimeSpan timeout)
    {
        using var temp = new TempFiles();
        string image = temp.Write(workload.Name + ".img", PcMipsBench.BuildImage(workload, calls));
        long started = Stopwatch.GetTimestamp();
        int status;
        string stdout, stderr;
        try
        {
            (status, stdout, stderr) = HostTools.Run(qemu, timeout, [.. Arguments(image)]);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{workload.Name}: QEMU did not reach the debug exit within {timeout.TotalSeconds:0} s");
        }
        TimeSpan time = Stopwatch.GetElapsedTime(started);
        if (status != PcMipsBench.SuccessStatus)
        {
            string why = status == PcMipsBench.LoadFailedStatus
                ? "the boot sector could not read the workload from the floppy"
                : (stderr + stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
            throw new InvalidOperationException($"{workload.Name}: QEMU ended with status {status} instead of {PcMipsBench.SuccessStatus} (the guest's exit): {why}");
        }
        return time;
    }

    private static Sample RunConcord(Workload workload, CpuModel model, EngineKind engine, ushort calls, TimeSpan timeout)
    {
        var (instructions, time, _) = PcMipsBench.RunImage(workload, model, engine, calls, timeout);
        return new Sample(time, instructions);
    }

    /// <summary>
    /// A 1-call run, then runs of more calls until the extra time is at least 60% of <paramref name="seconds"/>. The calls are
    /// chosen from <paramref name="instructionsPerCall"/> (or the 1-call run's count) and a guess of the speed, corrected by each try.
    /// </summary>
    private static Difference Measure(Func<ushort, Sample> run, double? instructionsPerCall, double seconds, double guessMips)
    {
        Sample one = run(1);
        double perCall = instructionsPerCall ?? one.Instructions;
        double mips = guessMips;
        for (int attempt = 0; ; attempt++)
        {
            int calls = (int)Math.Clamp(1 + seconds * mips * 1e6 / perCall, 2, ushort.MaxValue);
            Sample many = run((ushort)calls);
            TimeSpan extra = many.Time - one.Time;
            if (extra.TotalSeconds >= seconds * 0.6 || (calls == ushort.MaxValue && extra > TimeSpan.Zero))
                return new Difference(calls - 1, extra, many.Instructions - one.Instructions);
            if (attempt == 3 || calls == ushort.MaxValue)
                throw new InvalidOperationException($"{calls - 1} more calls took {extra.TotalSeconds:0.000} s more than one: too little to measure");
            mips = extra > TimeSpan.Zero ? Math.Max(1.2 * mips, 1.1 * (calls - 1) * perCall / extra.TotalSeconds / 1e6) : 4 * mips;
        }
    }

    private static void PrintRow(TextWriter output, string name, double instructions, Func<Side, double> mips)
    {
        double interp = mips(Side.Interp), jit = mips(Side.Jit), qemu = mips(Side.Qemu);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {instructions,12:N0} {interp,8:0.0} {jit,8:0.0} {qemu,8:0.0} {jit / qemu,8:0.00}x {interp / qemu,11:0.00}x"));
    }

    private static string Describe(Difference d) => string.Create(CultureInfo.InvariantCulture, $"{d.Calls} calls {d.Time.TotalSeconds:0.00} s");

    private static string Version(string qemu) =>
        HostTools.Run(qemu, "--version").Stdout.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(line => line.Length > 0) ?? qemu;
}
