using System.Diagnostics;
using Concord.Core.Cpu;
using Concord.Devices.Bus;
using Concord.Devices.Floppy;
using Concord.Engines;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Vm;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;
using Concord.Monitor.Profiles;
using Concord.Monitor.Pc;

namespace Concord.Monitor.Machines;

/// <summary>
/// A machine of several VMs built from a <see cref="MachineSpec"/>: each VM a <see cref="VmHardware"/> with
/// its own memory map, BIOS, vCPU, per-VM devices and port bus; the floppy controller with its
/// drives and the power relay exist once and are reached only through <see cref="SharedFdc"/> and
/// <see cref="SharedPowerRelay"/>, each VM through its own ports, every access attributed to the VM
/// and the CS:IP of its IN/OUT in the <see cref="ManagementTable"/>.
/// </summary>
/// <remarks>
/// <para><b>Scheduler.</b> One host thread runs the VMs in slices. With the virtual clock each VM has
/// its own clock (its instructions × ns per instruction + the time it skipped while halted or
/// waiting); the VM whose clock is furthest behind runs next (ties: machine-file order), up to the
/// first of: its own next device event, the shared controller's next event, and the next VM's time
/// plus <see cref="MachineOptions.MaxSkewNs"/>. Shared devices see a <see cref="SharedTimeline"/>
/// that never goes back. A VM halted with IF=1 costs nothing: its clock jumps to its next event (or
/// to the time a shared device interrupted it). A VM waiting for the floppy controller
/// (<see cref="SharedFdc.WaitRequested"/>) is stopped and not scheduled until
/// <see cref="SharedFdc.LeaseGranted"/>; its clock then catches up, and the timer ticks it missed meanwhile
/// (its PIT's merged edges) are delivered late, one per <see cref="OwedTickSpacingNs"/> of its time at
/// most, so its time of day and motor countdown stay true (<see cref="VmHardware.LateTimerTicks"/>). Everything depends on instruction
/// counts only, so the same inputs give the same run byte for byte.</para>
/// <para><b>Power.</b> A VM that asks (port EFh, its BIOS's APM call) stops being scheduled and is
/// retired from the controller; the machine's power is cut, disks flushed, when the relay switches
/// (policy <c>all</c>: once every VM has asked). Cancellation asks every VM in turn the same way.</para>
/// <para><b>Gates.</b> The spec's <c>[[gate]]</c>s are served by a <see cref="GateMonitor"/> (<see cref="Gates"/>)
/// with the machine as its <see cref="IGateScheduler"/>: every VM is added with its vCPU, memory map
/// and busy byte, every page of a gate's window is lendable in both VMs of that gate, and every exit
/// of a vCPU goes to <see cref="GateMonitor.HandleExit"/> first (<see cref="ServeGates"/>, the default
/// <see cref="AfterSlice"/>). A VM whose busy byte is <c>auto</c> is found by its Concord DOS kernel,
/// so the gates come on at the first slice boundary at which every such VM has loaded its kernel
/// (before any app of it can run). See docs/multi-vm.md.</para>
/// <para>Not thread-safe except <see cref="RequestQuit"/> and each VM's host input (<c>PostKeyDown</c>...).</para>
/// </remarks>
public sealed class Machine : IGateScheduler, IDisposable
{
    /// <summary>Realtime clock: instructions per slice between looks at the host clock.</summary>
    public const long RealtimeSliceInstructions = 20_000;

    /// <summary>A VM owed timer ticks runs slices of at most this long, each giving it one more.</summary>
    public const long OwedTickSpacingNs = 2_000;

    private readonly MachineOptions _options;
    private readonly MachineClock _sharedClock;
    private readonly SharedTimeline? _timeline;
    private readonly bool _virtual;
    private readonly long _nsPerInstruction;
    private readonly MachineVm[] _vms;
    private readonly FloppyImage?[] _images = new FloppyImage?[Fdc82077.DriveCount];
    private readonly ManualResetEventSlim _wake = new(false);
    private MachineVm? _running;
    private MachineVm? _advancing;
    private MachineVm? _lastPoweredOff;
    private bool _powerCut;
    private volatile bool _quitRequested;
    private int _roundRobin;
    private bool _disposed;
    private GateMonitor? _gates;

    /// <summary>Builds the machine and opens the images.</summary>
    /// <exception cref="MachineConfigurationException">A VM needs an engine or a profile that is not built.</exception>
    /// <exception cref="FloppyImageException">An image cannot be opened.</exception>
    public Machine(MachineSpec spec, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _options = options ?? new MachineOptions();
        Spec = spec;
        foreach (VmSpec vm in spec.Vms)
        {
            if (!EngineFactory.IsAvailable(vm.Engine, out string reason))
                throw new MachineConfigurationException($"{spec.SourcePath}: VM {vm.Name}: {reason}");
        }

        try
        {
            foreach (DriveSpec d in spec.Drives)
                _images[d.Unit] = FloppyImage.Open(d.ImagePath, d.ReadOnly, d.Format);
        }
        catch
        {
            foreach (FloppyImage? image in _images) image?.Dispose();
            throw;
        }

        _virtual = spec.Clock.Kind == ClockKind.Virtual;
        _nsPerInstruction = spec.Clock.NsPerInstruction;
        if (_virtual) _sharedClock = _timeline = new SharedTimeline();
        else _sharedClock = new RealtimeClock();

        Table = new ManagementTable(_sharedClock, _options.Trace);
        var ids = spec.Vms.Select(v => Table.AddVm(v.Name)).ToArray();
        Fdc = new SharedFdc(_sharedClock, Table, FdcOptions(spec.Policy));
        var types = new FloppyDriveType[Fdc82077.DriveCount];
        foreach (DriveSpec d in spec.Drives)
        {
            types[d.Unit] = PcMachine.DriveTypeFor(_images[d.Unit]);
            var drive = new FloppyDrive(_sharedClock, types[d.Unit]);
            Fdc.Controller.Attach(d.Unit, drive);
            drive.Insert(_images[d.Unit]!);
        }
        Power = new SharedPowerRelay(Table, ToField(spec.Policy.Power));

        var engines = new EngineFactory();
        DateTime start = _options.StartTime ?? (_virtual ? PcMachineOptions.DefaultVirtualStart : DateTime.Now);
        _vms = new MachineVm[spec.Vms.Length];
        for (int i = 0; i < _vms.Length; i++)
        {
            VmSpec vs = spec.Vms[i];
            VmId id = ids[i];
            MachineClock clock = _virtual ? new VirtualClock(_nsPerInstruction) : _sharedClock;
            int bootUnit = spec.Drive(vs.BootDrive)?.Unit ?? 0;
            Action<string, long, ushort, byte>? portTrace = _options.PortWriteTrace;
            var pc = new VmHardware(new VmHardwareOptions
            {
                Name = vs.Name,
                Profile = vs.Profile,
                Model = vs.Cpu,
                Engine = vs.Engine,
                MemoryKib = vs.MemoryKib,
                StartTime = start,
                CmosDriveA = types[0] == FloppyDriveType.None ? vs.Profile.DefaultDriveType : types[0],
                CmosDriveB = types[1],
                BootFromB = bootUnit == 1,
                DebugConsole = _options.DebugConsole?.Invoke(vs.Name),
                PortWriteTrace = portTrace is null ? null : (t, port, value) => portTrace(vs.Name, t, port, value),
            }, clock, engines, p =>
            {
                Fdc.Connect(id, p.Pic.Irq(Fdc82077.DefaultIrq), p.Dma, p.Caller).MapOn(p.Ports);
                Power.Connect(id, p.Caller).MapOn(p.Ports);
                return [Fdc];
            });
            var vm = new MachineVm(vs, id, pc, clock);
            pc.IntrRaised = () => OnIntrRaised(vm);
            _vms[i] = vm;
        }

        Fdc.WaitRequested += OnWaitRequested;
        Fdc.LeaseGranted += OnLeaseGranted;
        Power.PowerOffRequested += OnPowerOffRequested;
        Power.Relay.PowerOff += () =>
        {
            _powerCut = true;
            _running?.Cpu.RequestStop();
        };

        if (spec.Gates.Length > 0)
        {
            AfterSlice = ServeGates;
            StartGatesWhenReady();
        }
    }

    /// <summary>
    /// The gate engine serving the spec's gates, or null: the spec has none, or a VM whose busy byte
    /// is <c>auto</c> has not loaded its Concord DOS kernel yet (see <see cref="GatesStarted"/>).
    /// </summary>
    public GateMonitor? Gates => _gates;

    /// <summary>The gates are served (every <c>auto</c> busy byte was found); false also for a spec without gates.</summary>
    public bool GatesStarted => _gates is not null;

    /// <summary>Where gate events go (set before <see cref="Run"/>; kept when the gates start later).</summary>
    public IGateTraceSink? GateTrace
    {
        get => _gateTrace;
        set
        {
            _gateTrace = value;
            if (_gates is not null) _gates.Sink = value;
        }
    }

    private IGateTraceSink? _gateTrace;

    long IGateScheduler.TimeNs => _sharedClock.NowNs;

    /// <summary>
    /// The machine's gate service, the default <see cref="AfterSlice"/> of a spec with gates: hands
    /// the slice's exit to <see cref="GateMonitor.HandleExit"/>, retries waiting calls
    /// (<see cref="GateMonitor.Poll"/>), and starts the gates once every <c>auto</c> busy byte is
    /// found. A replacement <see cref="AfterSlice"/> that wants the gates served calls this first.
    /// </summary>
    public void ServeGates(MachineVm vm, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(vm);
        if (_gates is null && !StartGatesWhenReady()) return;
        _gates!.HandleExit(vm.Id, result.Reason);
        _gates.Poll();
    }

    /// <summary>Builds the gate engine when every VM's busy byte is known; false while a VM's <c>auto</c> busy byte is not.</summary>
    private bool StartGatesWhenReady()
    {
        if (_gates is not null) return true;
        var busy = new int?[_vms.Length];
        for (int i = 0; i < _vms.Length; i++)
        {
            MachineVm v = _vms[i];
            BusyByteSpec b = v.Spec.BusyByte;
            busy[i] = b.Mode switch
            {
                BusyByteMode.Fixed => b.LinearAddress,
                BusyByteMode.None => null,
                _ => ConcordDosKernel.InDosAddress(v.Pc.Memory),
            };
            // An auto VM that is still booting: wait (one that stopped for good will never load a kernel).
            if (b.Mode == BusyByteMode.Auto && busy[i] is null && v.State is not (VmRunState.PoweredOff or VmRunState.Stopped)) return false;
        }

        var gates = new GateMonitor(this, _gateTrace);
        try
        {
            for (int i = 0; i < _vms.Length; i++)
            {
                MachineVm v = _vms[i];
                var pic = v.Pc.Pic;
                VmId id = gates.AddVm(new GateVmOptions
                {
                    Name = v.Name,
                    Vcpu = v.Cpu,
                    Memory = v.Pc.Memory,
                    BusyByte = busy[i],
                    InInterruptHandler = () => pic.Master.Isr != 0 || pic.Slave.Isr != 0,
                    Lendable = LendablePages(v.Name),
                });
                if (id != v.Id) throw new InvalidOperationException($"VM {v.Name}: the gates number it {id}, the machine {v.Id}");
            }
            foreach (GateSpec g in Spec.Gates) gates.AddGate(g);
        }
        catch (ArgumentException e)
        {
            gates.Dispose();
            throw new MachineConfigurationException($"{Spec.SourcePath}: {e.Message}");
        }
        _gates = gates;
        foreach (MachineVm v in _vms)
        {
            // Attribution: an access made while serving a gate call is also tagged with its caller.
            VmId id = v.Id;
            if (v.Pc.Caller is VcpuCallerLocation location)
                location.RunningFor = () => gates.CurrentCall(id) is { IsNone: false } call ? call.Vm : null;
        }
        foreach (MachineVm v in _vms)
            if (v.State is VmRunState.PoweredOff or VmRunState.Stopped) gates.SetAvailable(v.Id, false);
        return true;
    }

    /// <summary>The rule for identity windows: every page of a gate's window is lendable in both VMs of the gate.</summary>
    private PageRange[] LendablePages(string vm) =>
        Spec.Gates.Where(g => g.Window is not null && (g.Caller == vm || g.Callee == vm))
            .Select(g => new PageRange(g.Window!.Value.Address, g.Window.Value.Length))
            .Distinct().ToArray();

    public MachineSpec Spec { get; }

    /// <summary>The VMs in machine-file order (index = table column).</summary>
    public IReadOnlyList<MachineVm> Vms => _vms;

    /// <summary>The VM of that name; throws <see cref="ArgumentException"/> naming the valid ones.</summary>
    public MachineVm Vm(string name) => _vms.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"no VM named '{name}'; the machine has {string.Join(", ", _vms.Select(v => v.Name))}", nameof(name));

    public ManagementTable Table { get; }

    public SharedFdc Fdc { get; }

    public SharedPowerRelay Power { get; }

    /// <summary>The machine's shared time (what the shared devices and the trace see).</summary>
    public long NowNs => _sharedClock.NowNs;

    /// <summary>The VM whose vCPU is running now (inside port callbacks), or null between slices.</summary>
    public MachineVm? Running => _running;

    /// <summary>
    /// Called after every slice of a vCPU (the gate engine looks at stub hits and watched vectors
    /// here and retries waiting calls). With it set, <see cref="ExitReason.StubHit"/> and
    /// <see cref="ExitReason.WatchedInterrupt"/> are left to it; without, they are a bug.
    /// </summary>
    public Action<MachineVm, RunResult>? AfterSlice { get; set; }

    /// <summary>Stops scheduling the VM until <see cref="Resume"/> (a gate call waits or is served).</summary>
    public void Suspend(VmId vm)
    {
        MachineVm v = _vms[vm.Value];
        if (v.State is VmRunState.PoweredOff or VmRunState.Stopped) return;
        v.GateSuspended = true;
        if (v.State == VmRunState.Running) v.State = VmRunState.Suspended;
        if (v == _running) v.Cpu.RequestStop();
    }

    /// <summary>Schedules the VM again, even if it idled in HLT (its state changed: a call returned or entered it); a VM waiting for the floppy controller still waits for it.</summary>
    public void Resume(VmId vm)
    {
        MachineVm v = _vms[vm.Value];
        if (v.State is VmRunState.PoweredOff) return;
        v.GateSuspended = false;
        if (v.State == VmRunState.Suspended) v.State = VmRunState.Running;
        v.Pc.Halted = false;
        Wake(v);
    }

    /// <summary>Ends the run at the next slice boundary with <see cref="StopReason.Quit"/> (any thread).</summary>
    public void RequestQuit()
    {
        _quitRequested = true;
        _wake.Set();
    }

    /// <summary>Wakes the run loop when it sleeps (realtime clock, or waiting for host input): call after posting keys from another thread.</summary>
    public void WakeUp() => _wake.Set();

    private static FieldPolicy ToField(SharingPolicy p) => p switch
    {
        SharingPolicy.Any => FieldPolicy.Any,
        SharingPolicy.All => FieldPolicy.All,
        SharingPolicy.Lease => FieldPolicy.Lease,
        SharingPolicy.Passthrough => FieldPolicy.Passthrough,
        SharingPolicy.Exclusive => FieldPolicy.Exclusive,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "unknown sharing policy"),
    };

    /// <summary>The machine file's policies as the shared controller's options (select, reset and DMA gate follow the command's policy).</summary>
    private static SharedFdcOptions FdcOptions(PolicySpec policy) => new()
    {
        MotorPolicy = ToField(policy.FdcMotor),
        ControllerPolicy = ToField(policy.FdcCommand),
        ExclusiveHoldNs = policy.ExclusiveHoldMs * 1_000_000L,
    };

    private void OnWaitRequested(VmId id)
    {
        MachineVm v = _vms[id.Value];
        if (v.State != VmRunState.Running) return;
        v.State = VmRunState.WaitingForFdc;
        v.FdcWaits++;
        v.Cpu.RequestStop();
    }

    private void OnLeaseGranted(VmId id)
    {
        MachineVm v = _vms[id.Value];
        if (v.State != VmRunState.WaitingForFdc) return;
        v.State = v.GateSuspended ? VmRunState.Suspended : VmRunState.Running;
        Wake(v);
    }

    private void OnPowerOffRequested(VmId id)
    {
        MachineVm v = _vms[id.Value];
        v.State = VmRunState.PoweredOff;
        v.StopNote = $"asked for power off at {_sharedClock.NowNs / 1e9:0.###} s";
        _lastPoweredOff = v;
        v.Cpu.RequestStop();
        Fdc.Retire(id);
        _gates?.SetAvailable(id, false);
    }

    private void OnIntrRaised(MachineVm v)
    {
        if (v == _running || v == _advancing) return; // its own doing: no catching up
        Wake(v);
    }

    /// <summary>Something outside the VM changed its state at the shared time: it catches up to that time and the running VM yields.</summary>
    private void Wake(MachineVm v)
    {
        v.WakeAtNs = Math.Max(v.WakeAtNs, _sharedClock.NowNs);
        if (_running is { } r && r != v) r.Cpu.RequestStop();
        _wake.Set();
    }

    /// <summary>
    /// Runs the machine until its power is cut, every VM has stopped, the steps complete, the time
    /// limit, quit or cancellation (which first asks every VM to power off). Disks are flushed at the end.
    /// </summary>
    public MachineOutcome Run(MachineRunOptions? run = null, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        run ??= new MachineRunOptions();
        var targets = run.Steps.Select(s => Vm(s.Vm)).ToArray();
        var steps = new StepRunner(run.Steps.Select(s => s.Step).ToArray());
        var wall = Stopwatch.StartNew();
        long startInstructions = TotalInstructions();
        TimeSpan? lastObserved = null;
        long lastExpectCheck = long.MinValue;
        TimeSpan? cancelDeadline = null;

        try
        {
            while (true)
            {
                if (cancel.IsCancellationRequested && cancelDeadline is null)
                {
                    cancelDeadline = wall.Elapsed + run.CancelGrace;
                    foreach (MachineVm v in _vms)
                        if (v.State != VmRunState.PoweredOff && !_powerCut) Power.RequestOff(v.Id);
                }
                if (cancelDeadline is { } deadline && (_powerCut || wall.Elapsed >= deadline))
                    return Outcome(StopReason.Cancelled, ExitStatuses.Cancelled, null, startInstructions, wall, steps);
                if (_powerCut) return Outcome(StopReason.PowerOff, ExitStatuses.Success, _lastPoweredOff, startInstructions, wall, steps);
                if (_quitRequested) return Outcome(StopReason.Quit, ExitStatuses.Success, null, startInstructions, wall, steps);
                if (run.Timeout is { } limit && wall.Elapsed >= limit)
                    return Outcome(StopReason.Timeout, ExitStatuses.Timeout, null, startInstructions, wall, steps);
                if (run.Observer is { } observer && (lastObserved is not { } seen || wall.Elapsed - seen >= run.ObserverInterval))
                {
                    lastObserved = wall.Elapsed;
                    observer(this);
                }

                // Each VM's own devices at its own time; the shared controller at the shared time.
                foreach (MachineVm v in _vms)
                {
                    if (v.State == VmRunState.PoweredOff) continue;
                    _advancing = v;
                    v.Pc.AdvanceOwnDevices(v.NowNs);
                    v.Pc.DrainHostInput();
                    _advancing = null;
                }
                long sharedNow = _sharedClock.NowNs;
                if (Fdc.NextEventNs <= sharedNow) Fdc.Advance(sharedNow);

                // Automation steps, on the VM each names.
                if (steps.Current is not null)
                {
                    MachineVm target = targets[steps.Completed];
                    if (target.State == VmRunState.Stopped) // nothing it will show or take any more
                        return target.Fault is { } fault
                            ? Outcome(fault, ExitStatuses.GuestFault, target, startInstructions, wall, steps)
                            : Outcome(StopReason.Halted, ExitStatuses.Success, target, startInstructions, wall, steps);
                    if (steps.Current is AutomationStep.Expect && (target.NowNs - lastExpectCheck >= PcMachine.ExpectCheckIntervalNs || steps.JustStarted))
                    {
                        lastExpectCheck = target.NowNs;
                        steps.CheckExpect(target.Pc.Screen);
                    }
                    else if (steps.Current is AutomationStep.Send) steps.Type(target.Pc.Keyboard, target.Pc.KeyboardIdle());
                    if (steps.JustStarted) continue; // the next step looks at once
                }
                if (steps.AllDone && run.EndWhenStepsComplete && run.Steps.Count > 0)
                    return Outcome(StopReason.StepsCompleted, ExitStatuses.Success, null, startInstructions, wall, steps);

                // Pick the VM furthest behind (virtual) or the next ready one (realtime).
                long sharedNext = Fdc.NextEventNs;
                MachineVm? pick = null;
                long pickAt = long.MaxValue, secondAt = long.MaxValue;
                for (int k = 0; k < _vms.Length; k++)
                {
                    MachineVm v = _vms[(k + _roundRobin) % _vms.Length];
                    long at = ReadyAt(v);
                    if (at < pickAt)
                    {
                        secondAt = pickAt;
                        pickAt = at;
                        pick = v;
                    }
                    else if (at < secondAt) secondAt = at;
                }

                if (!_virtual)
                {
                    long now = _sharedClock.NowNs;
                    if (pick is null || pickAt > now)
                    {
                        long next = Math.Min(pickAt, sharedNext);
                        if (pick is null && sharedNext == long.MaxValue && !AnyAlive())
                            return NoneAlive(startInstructions, wall, steps);
                        long waitNs = next == long.MaxValue ? 20_000_000 : Math.Clamp(next - now, 0, 20_000_000);
                        if (waitNs > 0) WaitForHost(TimeSpan.FromTicks(waitNs / 100), run);
                        continue;
                    }
                    _roundRobin = (Array.IndexOf(_vms, pick) + 1) % _vms.Length;
                    pick.Pc.Halted = false;
                    RunResult rr = RunSlice(pick, RealtimeSliceInstructions, long.MaxValue);
                    if (AfterRun(pick, rr, startInstructions, wall, steps) is { } end) return end;
                    continue;
                }

                if (sharedNext != long.MaxValue && sharedNext <= pickAt)
                {
                    _timeline!.SkipTo(sharedNext);
                    Fdc.Advance(_sharedClock.NowNs);
                    continue;
                }
                if (pick is null)
                {
                    if (!AnyAlive()) return NoneAlive(startInstructions, wall, steps);
                    bool inputPossible = steps.MayType || run.Observer is not null || _vms.Any(v => v.Pc.HasHostInput);
                    if (!inputPossible) return Outcome(StopReason.HaltedForever, ExitStatuses.Success, null, startInstructions, wall, steps);
                    WaitForHost(TimeSpan.FromMilliseconds(20), run);
                    continue;
                }

                // A halted VM jumps to its next event (its device raises the interrupt on the next round)
                // or to the time something outside woke it.
                if (pickAt > pick.NowNs) pick.Clock.SkipTo(pickAt);
                pick.WakeAtNs = 0;
                if (pick.Pc.Halted)
                {
                    if (!pick.Pc.Pic.Intr) continue;
                    pick.Pc.Halted = false;
                }

                long nowV = pick.NowNs;
                long endAt = Math.Min(OwnNextEventNs(pick), sharedNext);
                if (secondAt != long.MaxValue) endAt = Math.Min(endAt, secondAt + _options.MaxSkewNs);
                if (pick.Pc.TakingOwedTicks) endAt = Math.Min(endAt, nowV + OwedTickSpacingNs);
                long budget = endAt == long.MaxValue ? _options.MaxSliceInstructions
                    : Math.Clamp((endAt - nowV + _nsPerInstruction - 1) / _nsPerInstruction, 1, _options.MaxSliceInstructions);
                RunResult result = RunSlice(pick, budget, endAt);
                if (AfterRun(pick, result, startInstructions, wall, steps) is { } outcome) return outcome;
            }
        }
        finally
        {
            foreach (MachineVm v in _vms) v.Pc.FlushConsole();
            FlushDisks();
        }
    }

    private RunResult RunSlice(MachineVm v, long budget, long endAt)
    {
        v.Pc.CpuPorts.SliceEndNs = endAt;
        _running = v;
        if (_timeline is not null) _timeline.Running = v.Clock;
        RunResult result;
        try
        {
            result = v.Cpu.Run(budget);
        }
        finally
        {
            _ = _sharedClock.NowNs; // the shared time keeps the furthest point the VM reached
            if (_timeline is not null) _timeline.Running = null;
            _running = null;
            v.Pc.CpuPorts.SliceEndNs = long.MaxValue;
        }
        v.Slices++;
        v.Pc.FlushConsole();
        return result;
    }

    /// <summary>Looks at why a slice ended; an outcome ends the run.</summary>
    private MachineOutcome? AfterRun(MachineVm v, RunResult result, long startInstructions, Stopwatch wall, StepRunner steps)
    {
        // A halt is judged as the vCPU stopped, before the gates may have entered a call into the halted VM.
        bool haltedWithInterruptsOff = result.Reason == ExitReason.Halted && (v.Cpu.GetState().Flags & (ushort)CpuFlags.IF) == 0;
        AfterSlice?.Invoke(v, result);
        if (_powerCut) return null; // the loop ends the run with the right status
        if (v.Pc.DebugExit.ExitStatus is { } status) return Outcome(StopReason.DebugExit, status, v, startInstructions, wall, steps);
        if (v.Pc.ResetRequested)
        {
            v.Pc.RestartCpu();
            return null;
        }
        switch (result.Reason)
        {
            case ExitReason.BudgetSpent:
            case ExitReason.StopRequested:
                return null;
            case ExitReason.Halted:
                if (!v.Cpu.GetState().Halted) return null; // a gate call entered it: it runs the handler now
                if (v.State == VmRunState.Running && haltedWithInterruptsOff)
                {
                    ExitInfo e = v.Cpu.LastExit;
                    StopAlone(v, $"halted with interrupts off at {e.Cs:X4}:{e.Ip:X4}");
                }
                else v.Pc.Halted = true;
                return null;
            case ExitReason.InvalidOpcode:
            case ExitReason.Shutdown:
            {
                StopReason fault = result.Reason == ExitReason.InvalidOpcode ? StopReason.InvalidOpcode : StopReason.Shutdown;
                MachineOutcome outcome = Outcome(fault, ExitStatuses.GuestFault, v, startInstructions, wall, steps);
                if (!_vms.Any(o => o != v && IsAlive(o))) return outcome;
                v.Fault = fault;
                StopAlone(v, outcome.Describe());
                return null;
            }
            default:
                if (AfterSlice is not null) return null;
                throw new InvalidOperationException($"VM {v.Name}: no stubs or watched vectors are registered, yet the vCPU exited with {v.Cpu.LastExit}");
        }
    }

    /// <summary>When the VM can next do something (virtual: in its own time; realtime: now or its next event); <see cref="long.MaxValue"/> for never.</summary>
    private long ReadyAt(MachineVm v)
    {
        if (v.State != VmRunState.Running || v.GateSuspended) return long.MaxValue;
        long now = v.NowNs;
        if (v.Pc.Halted)
        {
            if (v.Pc.Pic.Intr || v.Pc.HasHostInput || v.Pc.CanTakeOwedTick) return Math.Max(now, v.WakeAtNs);
            if (!v.Cpu.GetState().Halted)
            {
                v.Pc.Halted = false; // someone (a gate, a reset) moved it on
                return Math.Max(now, v.WakeAtNs);
            }
            long own = OwnNextEventNs(v);
            return own == long.MaxValue ? long.MaxValue : Math.Max(now, own);
        }
        return Math.Max(now, v.WakeAtNs);
    }

    private static long OwnNextEventNs(MachineVm v) => Math.Min(v.Pc.Pit.NextEventNs, v.Pc.Rtc.NextEventNs);

    private bool AnyAlive() => _vms.Any(IsAlive);

    private static bool IsAlive(MachineVm v) => v.State is VmRunState.Running or VmRunState.WaitingForFdc or VmRunState.Suspended;

    /// <summary>
    /// Stops one VM for good while the others go on: it is never scheduled again, leaves the floppy
    /// controller (its lease and motor requests go, so no other VM waits for it) and the gates (a
    /// call it serves fails with C001, calls to it too). As the patent's OSes are independent, one
    /// OS's crash does not take the others down; the run's outcome names it at the end.
    /// </summary>
    private void StopAlone(MachineVm v, string note)
    {
        v.State = VmRunState.Stopped;
        v.StopNote = note;
        v.Cpu.RequestStop();
        Fdc.Retire(v.Id);
        _gates?.SetAvailable(v.Id, false);
    }

    /// <summary>No VM can run any more: the first fault of a VM, if one stopped on a fault, else a halt.</summary>
    private MachineOutcome NoneAlive(long startInstructions, Stopwatch wall, StepRunner steps) =>
        _vms.FirstOrDefault(v => v.Fault is not null) is { } faulted
            ? Outcome(faulted.Fault!.Value, ExitStatuses.GuestFault, faulted, startInstructions, wall, steps)
            : Outcome(StopReason.Halted, ExitStatuses.Success, null, startInstructions, wall, steps);

    private long TotalInstructions() => _vms.Sum(v => v.Cpu.InstructionCount);

    private void WaitForHost(TimeSpan wait, MachineRunOptions run)
    {
        if (run.Observer is not null && wait > run.ObserverInterval) wait = run.ObserverInterval;
        if (wait > TimeSpan.FromMilliseconds(20)) wait = TimeSpan.FromMilliseconds(20);
        _wake.Wait(wait);
        _wake.Reset();
    }

    private MachineOutcome Outcome(StopReason stop, int status, MachineVm? vm, long startInstructions, Stopwatch wall, StepRunner steps)
    {
        ExitInfo exit = vm?.Cpu.LastExit ?? default;
        byte[] code = vm is not null && stop is StopReason.InvalidOpcode or StopReason.Shutdown ? vm!.Pc.CodeBytes(exit, PcMachine.ReportedCodeBytes) : [];
        return new MachineOutcome(stop, status, vm?.Name, exit, TotalInstructions() - startInstructions, _sharedClock.NowNs, wall.Elapsed,
            code, stop == StopReason.Timeout ? steps.Current?.ToString() : null, steps.Completed);
    }

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
        foreach (MachineVm v in _vms) v.Pc.Dispose();
        _gates?.Dispose();
        _wake.Dispose();
        if (errors is not null) throw new AggregateException("could not flush every floppy image", errors);
    }
}
