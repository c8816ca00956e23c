using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Cli.Demo;

/// <summary>Runs the gate demo under one policy, headless on the virtual clock, and gathers its figures.</summary>
internal static partial class DemoRunner
{
    /// <summary>
    /// Runs <c>demo-POLICY.toml</c> from fresh copies under <paramref name="folder"/> (kept there: the
    /// images as the run left them, the transcripts). <paramref name="timeout"/> bounds the host time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The embedded machine file is not valid (a build error).</exception>
    public static DemoResult Run(string policy, string folder, TimeSpan timeout)
    {
        var wall = Stopwatch.StartNew();
        string machineFile = DemoScenario.Prepare(policy, folder);
        MachineFileResult parsed = MachineFile.Load(machineFile);
        if (parsed.Spec is not { } spec)
            throw new InvalidOperationException($"the demo's machine file is not valid: {string.Join("; ", parsed.Errors)}");

        var transcripts = new Dictionary<string, MemoryStream>();
        var trace = new TraceRecorder();
        MachineOutcome outcome;
        long startNs, endNs, motorStarts, motorOnNs, diskErrors, fdcWaits, longest;
        using (var machine = new Machine(spec, new MachineOptions
        {
            Trace = trace,
            DebugConsole = name => transcripts[name] = new MemoryStream(),
        }))
        {
            MachineVm guest = machine.Vm(DemoScenario.Guest);
            machine.Suspend(guest.Id);
            outcome = machine.Run(new MachineRunOptions { Steps = DemoScenario.ParentBootSteps, Timeout = timeout });
            machine.Resume(guest.Id);
            if (outcome.Stop == StopReason.StepsCompleted)
                outcome = machine.Run(new MachineRunOptions { Steps = DemoScenario.GuestBootSteps, Timeout = timeout - wall.Elapsed });
            startNs = machine.NowNs;
            int traceStart = trace.Events.Count;
            long startStarts = MotorStarts(machine), startOn = MotorOnNs(machine), startErrors = DiskErrors(machine);
            long startWaits = machine.Vms.Sum(v => v.FdcWaits);
            if (outcome.Stop == StopReason.StepsCompleted)
                outcome = machine.Run(new MachineRunOptions { Steps = DemoScenario.WorkSteps, Timeout = timeout - wall.Elapsed, EndWhenStepsComplete = false });
            endNs = machine.NowNs;
            motorStarts = MotorStarts(machine) - startStarts;
            motorOnNs = MotorOnNs(machine) - startOn;
            diskErrors = DiskErrors(machine) - startErrors;
            fdcWaits = machine.Vms.Sum(v => v.FdcWaits) - startWaits;
            machine.FlushDisks();
            longest = Longest(trace.Events.Skip(traceStart));
        }
        wall.Stop();
        {
            string parentText = Text(transcripts, DemoScenario.Parent), guestText = Text(transcripts, DemoScenario.Guest);
            File.WriteAllText(Path.Combine(folder, "parent.txt"), parentText);
            File.WriteAllText(Path.Combine(folder, "guest.txt"), guestText);
            Match xfer = XferLine().Match(guestText);
            Match rdir = RdirLine().Match(parentText);
            return new DemoResult(
                policy,
                outcome.Stop == StopReason.PowerOff,
                outcome.Describe(),
                xfer.Success ? int.Parse(xfer.Groups[1].Value) : -1,
                xfer.Success ? int.Parse(xfer.Groups[2].Value) : -1,
                xfer.Success ? int.Parse(xfer.Groups[3].Value) : -1,
                diskErrors,
                motorStarts,
                motorOnNs,
                fdcWaits,
                longest,
                CopyMatches(folder),
                rdir.Success ? int.Parse(rdir.Groups[1].Value) : -1,
                endNs - startNs,
                wall.Elapsed,
                parentText,
                guestText);
        }
    }

    [GeneratedRegex(@"XFER: (\d+) blocks, (\d+) errors, (\d+) retries")]
    private static partial Regex XferLine();

    [GeneratedRegex(@"RDIR: (\d+) files")]
    private static partial Regex RdirLine();

    private static IEnumerable<FloppyDrive> Drives(Machine machine)
    {
        for (int unit = 0; unit < Fdc82077.DriveCount; unit++)
            if (machine.Fdc.Controller.Drive(unit) is { } drive) yield return drive;
    }

    private static long MotorStarts(Machine machine) => Drives(machine).Sum(d => d.MotorStarts);

    private static long MotorOnNs(Machine machine) => Drives(machine).Sum(d => d.MotorOnTimeNs);

    private static long DiskErrors(Machine machine) => machine.Vms.Sum(v => (long)ConcordDosKernel.FailedDiskCalls(v.Hardware.Memory));

    /// <summary>The longest time a VM waited for the controller: from its Waiting event to its next Acquired on the same row.</summary>
    private static long Longest(IEnumerable<TableEvent> events)
    {
        long longestNs = 0;
        var since = new Dictionary<(string, int), long>();
        foreach (TableEvent e in events)
        {
            var key = (e.Device + "." + e.Field, e.Vm.Value);
            if (e.Lease == LeaseAction.Waiting) since.TryAdd(key, e.TimeNs);
            else if (e.Lease is LeaseAction.Acquired or LeaseAction.Released && since.Remove(key, out long from))
                longestNs = Math.Max(longestNs, e.TimeNs - from);
        }
        return longestNs;
    }

    /// <summary>
    /// Whether both copies equal A:DATA.BIN on the parent's image: B:COPY.BIN on the guest's image (the
    /// copy there) and A:DATA.BAK on the parent's (the copy back).
    /// </summary>
    internal static bool CopyMatches(string folder)
    {
        try
        {
            FatVolume parent = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.ParentImage)));
            FatVolume guest = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.GuestImage)));
            byte[] source = parent.ReadFile(DemoScenario.SourceName);
            return Same(guest, DemoScenario.CopyName, source) && Same(parent, DemoScenario.BackName, source);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool Same(FatVolume volume, string name, byte[] expected) =>
        volume.Find(name) is not null && volume.ReadFile(name).AsSpan().SequenceEqual(expected);

    private static string Text(Dictionary<string, MemoryStream> transcripts, string vm) =>
        transcripts.TryGetValue(vm, out MemoryStream? s) ? Encoding.Latin1.GetString(s.ToArray()) : "";
}
