using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Machines;

/// <summary>
/// A machine of one or more VMs built from a <see cref="MachineSpec"/> (a machine file, or one
/// diskette from the command line): each VM a <see cref="VmHardware"/> with its own memory map,
/// BIOS, vCPU, per-VM devices and port bus; the floppy controller with its drives and the power
/// relay exist once and are reached only through <see cref="SharedFdc"/> and
/// <see cref="SharedPowerRelay"/>, each VM through its own ports, every access attributed to the VM
/// and the CS:IP of its IN/OUT in the <see cref="ManagementTable"/>.
/// </summary>
/// <remarks>
/// The parts, each readable alone: <see cref="MachineBuilder"/> builds the VMs and the shared
/// devices; <see cref="Scheduler"/> picks the VM that runs next and sizes its slice;
/// <see cref="VmLifecycle"/> follows each VM (waiting for the controller, woken, powered off,
/// stopped by a fault) and judges how a slice ended; <see cref="MachineGates"/> serves the spec's
/// gates; <see cref="HostLoop"/> is one <see cref="Run"/> (host, steps, sleeping). See
/// docs/multi-vm.md. Disk images are written through on every sector write; every end of a
/// <see cref="Run"/> flushes them and <see cref="Dispose"/> closes them. Not thread-safe except
/// <see cref="RequestQuit"/>, <see cref="WakeUp"/> and each VM's host input (<c>PostKeyDown</c>...).
/// </remarks>
public sealed class Machine : IGateScheduler, IDisposable
{
    /// <summary>How many bytes at CS:IP an invalid-opcode or shutdown report shows.</summary>
    public const int ReportedCodeBytes = 6;

    /// <summary>How often (machine time) an <see cref="Automation.AutomationStep.Expect"/> step looks at the screen.</summary>
    public const long ExpectCheckIntervalNs = 1_000_000;

    private readonly MachineVm[] _vms;
    private readonly FloppyImage?[] _images;
    private readonly ManualResetEventSlim _wake = new(false);
    private volatile bool _quitRequested;
    private bool _disposed;

    /// <summary>Builds the machine and opens the images.</summary>
    /// <exception cref="MachineConfigurationException">A VM needs an engine this build lacks, or a gate cannot be set up.</exception>
    /// <exception cref="FloppyImageException">An image cannot be opened.</exception>
    public Machine(MachineSpec spec, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new MachineOptions();
        Spec = spec;
        MachineBuilder.CheckEngines(spec);
        _images = MachineBuilder.OpenImages(spec);

        IsVirtual = spec.Clock.Kind == ClockKind.Virtual;
        NsPerInstruction = spec.Clock.NsPerInstruction;
        SharedClock = IsVirtual ? Timeline = new SharedTimeline() : new RealtimeClock();
        Scheduler = new Scheduler(this, options);
        Lifecycle = new VmLifecycle(this);
        GateService = new MachineGates(this) { Trace = options.Trace };

        Table = new ManagementTable(SharedClock, options.Trace);
        VmId[] ids = spec.Vms.Select(v => Table.AddVm(v.Name)).ToArray();
        Fdc = new SharedFdc(SharedClock, Table, MachineBuilder.FdcOptions(spec.Policy));
        FloppyDriveType[] types = MachineBuilder.AttachDrives(spec, _images, Fdc, SharedClock);
        Power = new SharedPowerRelay(Table, MachineBuilder.ToField(spec.Policy.Power));

        var engines = options.Engines ?? new EngineFactory();
        DateTime start = options.StartTime ?? (IsVirtual ? VirtualTime.DefaultStart : DateTime.Now);
        _vms = new MachineVm[spec.Vms.Length];
        for (int i = 0; i < _vms.Length; i++)
        {
            VmSpec vs = spec.Vms[i];
            MachineClock clock = IsVirtual ? new VirtualClock(NsPerInstruction) : SharedClock;
            VmHardware hardware = MachineBuilder.BuildVm(spec, vs, ids[i], clock, engines, types, start, options, Fdc, Power);
            var vm = new MachineVm(vs, ids[i], hardware, clock);
            hardware.IntrRaised = () => Lifecycle.OnIntrRaised(vm);
            _vms[i] = vm;
        }

        MachineMounts? mounts = null;
        try
        {
            Mounts = mounts = new MachineMounts(this);
            DosSessions = new MachineDosSessions(this);
        }
        catch (MachineConfigurationException)
        {
            // Nothing of a machine that is not made may stay open: its host folders, its VMs, its images (locked).
            mounts?.Dispose();
            foreach (MachineVm v in _vms) v.Hardware.Dispose();
            foreach (FloppyImage? image in _images) image?.Dispose();
            throw;
        }

        Fdc.WaitRequested += Lifecycle.OnWaitRequested;
        Fdc.LeaseGranted += Lifecycle.OnLeaseGranted;
        Power.PowerOffRequested += Lifecycle.OnPowerOffRequested;
        Power.Relay.PowerOff += Lifecycle.OnRelayCut;

        // The gate engine also serves the monitor's dealings with a DOS (asking it, installing the
        // mounted drives, host commands): it starts with the machine when there are gates or mounts,
        // else when a command is first given (MachineDosSessions.Open).
        if (spec.Gates.Length > 0 || Mounts.Any) StartGates();
    }

    /// <summary>Starts the gate engine (once) and has it serve every slice's exits.</summary>
    internal GateMonitor StartGates()
    {
        if (GateService.Monitor is { } running) return running;
        AfterSlice ??= ServeGates;
        GateService.Start();
        return GateService.Monitor!;
    }

    public MachineSpec Spec { get; }

    /// <summary>The VMs in machine-file order (index = table column).</summary>
    public IReadOnlyList<MachineVm> Vms => _vms;

    /// <summary>The VM of that name; throws <see cref="ArgumentException"/> naming the valid ones.</summary>
    public MachineVm Vm(string name) => _vms.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"no VM named '{name}'; the machine has {string.Join(", ", _vms.Select(v => v.Name))}", nameof(name));

    public ManagementTable Table { get; }

    /// <summary>The spec's host folders served as DOS drives, per VM (see <see cref="MachineMounts"/>).</summary>
    public MachineMounts Mounts { get; }

    /// <summary>The monitor's dealings with the VMs' DOSes: mounts installed at a safe point, commands run through EXEC (see <see cref="DosSession"/>).</summary>
    public MachineDosSessions DosSessions { get; }

    public SharedFdc Fdc { get; }

    public SharedPowerRelay Power { get; }

    /// <summary>The machine's shared time (what the shared devices and the trace see).</summary>
    public long NowNs => SharedClock.NowNs;

    /// <summary>The VM whose vCPU is running now (inside port callbacks), or null between slices.</summary>
    public MachineVm? Running => Scheduler.Running;

    /// <summary>The gate engine serving the spec's gates, or null when the spec has none.</summary>
    public GateMonitor? Gates => GateService.Monitor;

    /// <summary>
    /// What the monitor knows of <paramref name="vm"/>'s DOS (learned by asking the DOS when it is
    /// first idle: its busy byte is <c>auto</c>, it has mounts, or the host runs commands there), or
    /// null: the monitor does not ask it.
    /// </summary>
    public DosInfo? Dos(MachineVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return GateService.Monitor?.Dos(vm.Id);
    }

    /// <summary>Where gate events go (set before <see cref="Run"/>; kept when the gates start later).</summary>
    public ITraceSink<GateEvent>? GateTrace
    {
        get => GateService.Trace;
        set => GateService.Trace = value;
    }

    /// <summary>
    /// Called after every slice of a vCPU (the gate engine looks at stub hits and watched vectors
    /// here and retries waiting calls). With it set, <see cref="ExitReason.StubHit"/> and
    /// <see cref="ExitReason.WatchedInterrupt"/> are left to it; without, they are a bug.
    /// </summary>
    public Action<MachineVm, RunResult>? AfterSlice { get; set; }

    /// <summary>
    /// The machine's gate service, the default <see cref="AfterSlice"/> of a spec with gates: hands
    /// the slice's exit to <see cref="GateMonitor.HandleExit"/> and retries waiting calls
    /// (<see cref="GateMonitor.Poll"/>). A replacement <see cref="AfterSlice"/> that wants the gates
    /// served calls this first.
    /// </summary>
    public void ServeGates(MachineVm vm, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(vm);
        GateService.Serve(vm, result);
    }

    long IGateScheduler.TimeNs => SharedClock.NowNs;

    /// <summary>Stops scheduling the VM until <see cref="Resume"/> (a gate call waits or is served).</summary>
    public void Suspend(VmId vm) => Lifecycle.Suspend(vm);

    /// <summary>Schedules the VM again, even if it idled in HLT (its state changed: a call returned or entered it); a VM waiting for the floppy controller still waits for it.</summary>
    public void Resume(VmId vm) => Lifecycle.Resume(vm);

    /// <summary>Ends the run at the next slice boundary with <see cref="StopReason.Quit"/> (any thread).</summary>
    public void RequestQuit()
    {
        _quitRequested = true;
        _wake.Set();
    }

    /// <summary>Wakes the run loop when it sleeps (realtime clock, or waiting for host input): call after posting keys from another thread.</summary>
    public void WakeUp() => _wake.Set();

    /// <summary>
    /// Runs the machine until its power is cut, every VM has stopped, the steps complete, the time
    /// limit, quit or cancellation (which first asks every VM to power off). Disks are flushed at the end.
    /// </summary>
    public MachineOutcome Run(MachineRunOptions? run = null, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return new HostLoop(this, run ?? new MachineRunOptions()).Run(cancel);
        }
        finally
        {
            foreach (MachineVm v in _vms) v.Hardware.FlushConsole();
            FlushDisks();
        }
    }

    // ---- for the parts ----

    internal bool IsVirtual { get; }
    internal long NsPerInstruction { get; }
    internal MachineClock SharedClock { get; }
    internal SharedTimeline? Timeline { get; }
    internal Scheduler Scheduler { get; }
    internal VmLifecycle Lifecycle { get; }
    internal MachineGates GateService { get; }
    internal bool QuitRequested => _quitRequested;

    internal int IndexOf(MachineVm vm) => Array.IndexOf(_vms, vm);

    internal bool AnyAlive() => _vms.Any(v => v.IsAlive);

    internal long TotalInstructions() => _vms.Sum(v => v.Cpu.InstructionCount);

    /// <summary>Sleeps until <paramref name="wait"/> passes or the host has something (a key, quit).</summary>
    internal void WaitForHost(TimeSpan wait)
    {
        _wake.Wait(wait);
        _wake.Reset();
    }

    /// <summary>The outcome of a run that ends as <paramref name="end"/> says.</summary>
    internal MachineOutcome Outcome(VmLifecycle.End end, long startInstructions, TimeSpan elapsed, string? pendingStep, int stepsCompleted)
    {
        bool solo = _vms.Length == 1;
        MachineVm? vm = end.Vm ?? (solo ? _vms[0] : null);
        ExitInfo exit = default;
        byte[] code = [];
        if (vm is not null)
        {
            exit = end.At ?? vm.Cpu.LastExit;
            if (end.Stop is not (StopReason.InvalidOpcode or StopReason.Shutdown or StopReason.DebugExit or StopReason.Halted or StopReason.HaltedForever))
            {
                CpuState state = vm.Cpu.GetState();
                exit = exit with { Cs = state.CS, Ip = state.IP }; // where it is now, not where it last stopped
            }
            if (end.Stop is StopReason.InvalidOpcode or StopReason.Shutdown) code = vm.Hardware.CodeBytes(exit, ReportedCodeBytes);
        }
        return new MachineOutcome(end.Stop, end.ExitStatus, vm?.Name, exit, TotalInstructions() - startInstructions, SharedClock.NowNs,
            elapsed, code, pendingStep, stepsCompleted, solo);
    }

    /// <summary>The one line a VM's own end says (the note a VM stopped alone keeps).</summary>
    internal string Describe(VmLifecycle.End end) => Outcome(end, 0, TimeSpan.Zero, null, 0).Describe();

    /// <summary>Forces every written sector of the images to the storage device.</summary>
    public void FlushDisks()
    {
        foreach (FloppyImage? image in _images)
        {
            try { image?.Flush(); }
            catch (IOException) { } // reported through DiskWriteErrors; Dispose tries again
        }
    }

    /// <summary>Host errors met while writing the images, one line each.</summary>
    public IEnumerable<string> DiskWriteErrors() =>
        _images.Where(i => i?.WriteError is not null).Select(i => $"floppy image '{i!.Path}': a write failed: {i.WriteError!.Message}");

    /// <summary>Flushes and closes the images, frees the VMs' memory. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        List<Exception>? errors = null;
        foreach (FloppyImage? image in _images)
        {
            try { image?.Dispose(); }
            catch (IOException e) { (errors ??= []).Add(e); }
        }
        Mounts.Dispose();
        foreach (MachineVm v in _vms) v.Hardware.Dispose();
        GateService.Monitor?.Dispose();
        _wake.Dispose();
        if (errors is not null) throw new AggregateException("could not flush every floppy image", errors);
    }
}
