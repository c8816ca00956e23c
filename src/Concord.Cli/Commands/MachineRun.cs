using Concord.Cli.Terminal;
using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Engines;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Tracing;

namespace Concord.Cli.Commands;

/// <summary>
/// Every <c>concord run</c>: a <see cref="Machine"/> from a machine file (<c>--machine FILE</c>), the
/// <see cref="BundledSystem"/> (<c>concord run</c> alone), or one VM booting a diskette
/// (<c>--floppy</c>, <see cref="MachineSpec.ForDiskettes"/>); headless with steps
/// (per VM with a machine file: <c>--expect dos:A:\&gt;</c>, <c>--send guest:dir\r</c>) or in the
/// terminal UI.
/// </summary>
internal static class MachineRun
{
    /// <summary>What <c>concord run</c> was asked to do with a machine.</summary>
    internal sealed record Settings
    {
        /// <summary>The machine file; null for the bundled system (or a <see cref="Diskettes"/> machine).</summary>
        public string? MachineFile { get; init; }
        /// <summary>The one-VM machine of <c>--floppy</c>: steps and --screen then name no VM.</summary>
        public MachineSpec? Diskettes { get; init; }
        public bool Headless { get; init; }
        /// <summary>Steps as parsed (with a machine file, text still prefixed with "VM:").</summary>
        public IReadOnlyList<AutomationStep> Steps { get; init; } = [];
        /// <summary>--until-off: after the steps, run on until the power is cut.</summary>
        public bool UntilOff { get; init; }
        public TimeSpan? Timeout { get; init; }
        /// <summary>--screen VM:FILE (FILE with <see cref="Diskettes"/>).</summary>
        public string? Screen { get; init; }
        public string? ScreenDir { get; init; }
        public string? Trace { get; init; }
        /// <summary>--trace-ports: port writes go into the trace too.</summary>
        public bool TracePorts { get; init; }
        public ClockKind? Clock { get; init; }
        /// <summary>--engine: every VM's engine, instead of what the machine file says.</summary>
        public EngineKind? Engine { get; init; }
        /// <summary>--mount values as given ([VM:]LETTER=HOSTDIR[,ro]).</summary>
        public IReadOnlyList<string> Mounts { get; init; } = [];
    }

    public static int Execute(CliConsole console, Settings settings)
    {
        const string name = RunCommand.Name;
        if (!settings.Headless && !console.HasTerminal)
        {
            console.Error($"{name}: the terminal UI needs a terminal on standard input and output; add --headless to run without it");
            return ExitStatuses.BadInput;
        }
        if (!settings.Headless && settings.Steps.Count > 0)
        {
            console.Error($"{name}: {RunCommand.ExpectOption} and {RunCommand.SendOption} steps need --headless");
            return ExitStatuses.BadInput;
        }

        MachineSpec spec;
        if (settings.Diskettes is { } diskettes)
        {
            spec = diskettes;
            VmSpec only = spec.Vms[0];
            if (!EngineFactory.Runs(only.Engine, only.Cpu, out string reason))
            {
                console.Error($"{name}: --engine {only.Engine.Name()} with --cpu {only.Cpu.Name()}: {reason}");
                return ExitStatuses.BadInput;
            }
        }
        else if (!TryLoad(console, settings, out spec)) return ExitStatuses.BadInput;
        if (!MountOption.TryApply(spec, settings.Mounts, out spec, out string mountError))
        {
            console.Error($"{name}: {mountError}");
            return ExitStatuses.BadInput;
        }

        bool solo = settings.Diskettes is not null;
        var steps = new List<MachineStep>();
        foreach (AutomationStep step in settings.Steps)
        {
            if (solo)
            {
                steps.Add(new MachineStep(MachineSpec.SoloVmName, step));
                continue;
            }
            string text = step switch { AutomationStep.Expect e => e.Text, AutomationStep.Send s => s.Keys, _ => "" };
            if (!TrySplitVm(spec, text, out string vm, out string rest, out string error))
            {
                console.Error($"{name}: {(step is AutomationStep.Expect ? RunCommand.ExpectOption : RunCommand.SendOption)} '{KeyText.Escape(text)}': {error}");
                return ExitStatuses.BadInput;
            }
            steps.Add(new MachineStep(vm, step is AutomationStep.Expect ? new AutomationStep.Expect(rest) : new AutomationStep.Send(rest)));
        }
        string? screenVm = null, screenFile = null;
        if (settings.Screen is { } screen)
        {
            if (solo) (screenVm, screenFile) = (MachineSpec.SoloVmName, screen);
            else if (!TrySplitVm(spec, screen, out string vm, out string rest, out string error) || rest.Length == 0)
            {
                console.Error($"{name}: --screen '{screen}': {(error.Length > 0 ? error : "give VM:FILE")}");
                return ExitStatuses.BadInput;
            }
            else (screenVm, screenFile) = (vm, rest);
        }
        if (settings.ScreenDir is { } dir)
        {
            if (dir.Trim().Length == 0)
            {
                console.Error($"{name}: --screen-dir '{dir}': a folder name is needed (e.g. --screen-dir screens)");
                return ExitStatuses.BadInput;
            }
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"{name}: --screen-dir '{dir}': cannot make this folder ({e.Message})");
                return ExitStatuses.BadInput;
            }
        }

        JsonLinesTraceWriter? trace = null;
        string? tracePath = settings.Trace ?? spec.TracePath;
        if (settings.TracePorts && tracePath is null)
        {
            console.Error($"{name}: --trace-ports needs a trace to go into: add --trace FILE");
            return ExitStatuses.BadInput;
        }
        if (tracePath is not null)
        {
            try
            {
                trace = new JsonLinesTraceWriter(File.Create(tracePath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"{name}: cannot write the trace to '{tracePath}': {e.Message}");
                return ExitStatuses.BadInput;
            }
        }

        Machine machine;
        try
        {
            machine = new Machine(spec, new MachineOptions
            {
                Trace = trace,
                TracePortWrites = settings.TracePorts,
                DebugConsole = settings.Headless ? _ => console.DebugConsoleSink() : null,
            });
        }
        catch (Exception e) when (e is FloppyImageException or MachineConfigurationException)
        {
            trace?.Dispose();
            console.Error($"{name}: {e.Message}");
            return ExitStatuses.BadInput;
        }

        MachineOutcome outcome;
        try
        {
            var run = new MachineRunOptions { Steps = steps, Timeout = settings.Timeout, EndWhenStepsComplete = !settings.UntilOff };
            outcome = settings.Headless ? machine.Run(run, console.Cancel) : MachineUi.Run(machine, run, console.Cancel);
            if (screenVm is not null) WriteScreen(console, machine.Vm(screenVm), screenFile!, solo);
            if (settings.ScreenDir is { } folder)
                foreach (MachineVm vm in machine.Vms) WriteScreen(console, vm, Path.Combine(folder, vm.Name + ".txt"), solo: false);
            foreach (string diskError in machine.DiskWriteErrors()) console.Error($"{name}: {diskError}");
            foreach (MachineVm vm in machine.Vms)
                if (MachineView.NoGates(machine, vm) is { } why) console.Error($"{name}: VM {vm.Name}: gate calls into it fail (C009h): {why}");
        }
        finally
        {
            machine.Dispose();
            trace?.Dispose();
        }
        if (outcome.IsNoteworthy) console.Error(outcome.Describe());
        return outcome.ExitStatus;
    }

    /// <summary>The machine file's spec (or the bundled system's, prepared first), with the clock the command line chose; false after the errors were printed.</summary>
    internal static bool TryLoad(CliConsole console, Settings settings, out MachineSpec spec, string name = RunCommand.Name)
    {
        spec = null!;
        string path;
        if (settings.MachineFile is { } file) path = file;
        else
        {
            try
            {
                path = BundledSystem.Prepare(console.Error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"{name}: cannot set up the bundled system in {BundledSystem.Folder()}: {e.Message}");
                return false;
            }
        }
        MachineFileResult loaded = Monitor.MachineFiles.MachineFile.Load(path);
        if (loaded.Spec is null)
        {
            foreach (MachineFileError error in loaded.Errors) console.Error($"{name}: {error}");
            return false;
        }
        spec = loaded.Spec;
        if (settings.Engine is { } engine)
        {
            foreach (VmSpec vm in spec.Vms)
                if (!EngineFactory.Runs(engine, vm.Cpu, out string reason))
                {
                    console.Error($"{name}: --engine {engine.Name()}: VM {vm.Name}: {reason}");
                    return false;
                }
            spec = spec with { Vms = [.. spec.Vms.Select(vm => vm with { Engine = engine })] };
        }
        if (settings.Clock is { } clock) spec = spec with { Clock = spec.Clock with { Kind = clock } };
        else if (!settings.Headless && settings.MachineFile is null) spec = spec with { Clock = spec.Clock with { Kind = ClockKind.Realtime } };
        return true;
    }

    private static void WriteScreen(CliConsole console, MachineVm vm, string path, bool solo)
    {
        try
        {
            File.WriteAllText(path, vm.Screen().ToText() + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error($"{RunCommand.Name}: cannot write {(solo ? "the" : $"VM {vm.Name}'s")} screen to '{path}': {e.Message}");
        }
    }

    /// <summary>Splits "VM:REST" at the first colon; the VM must be one of the machine's.</summary>
    internal static bool TrySplitVm(MachineSpec spec, string text, out string vm, out string rest, out string error)
    {
        int colon = text.IndexOf(':');
        vm = colon > 0 ? text[..colon] : "";
        rest = colon > 0 ? text[(colon + 1)..] : "";
        error = "";
        string names = string.Join(", ", spec.Vms.Select(v => v.Name));
        if (colon <= 0)
        {
            error = $"with a machine, prefix the VM's name and a colon (VMs: {names})";
            return false;
        }
        if (spec.Vm(vm) is null)
        {
            error = $"no VM named '{vm}' (VMs: {names})";
            return false;
        }
        return true;
    }
}
