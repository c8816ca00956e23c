using System.Globalization;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// The gate engine (patent claims 1 and 2): an INT on a gated vector in one VM runs the handler of a
/// service vector in another VM, with a window of the caller's memory lent to it, and returns the
/// results to the caller as if the INT had been served locally.
/// </summary>
/// <remarks>
/// <para>
/// A call, step by step: the caller's vCPU exits on the watched vector
/// (<see cref="ExitReason.WatchedInterrupt"/>) and the machine hands the exit to
/// <see cref="HandleExit"/>. The monitor checks the window and the callee's safe point (busy byte
/// zero, no other call inside it); if the callee is not at a safe point the caller waits
/// (<see cref="IGateScheduler.Suspend"/>) and <see cref="Poll"/> retries, unless waiting would
/// never end (a cycle), which fails the call. To enter, the monitor saves the callee's whole
/// context, lends the window's pages (identity or relocated, DS/ES shifted), pushes an interrupt
/// frame whose return address is the monitor's return stub and starts the callee's handler with the
/// caller's registers. The call ends when the handler's IRET reaches the stub
/// (<see cref="ExitReason.StubHit"/>), or explicitly: INT on the VM's end vector, or a write to a
/// monitor port (<see cref="EndCallFromPort"/>). The monitor then copies the result registers and
/// flags to the caller, gives the callee its own pages and context back, and the caller resumes
/// after its INT. Failures return CF=1 and a <see cref="GateError"/> in AX.
/// </para>
/// <para>
/// Independent of devices and of the scheduling policy: it needs per VM only a vCPU, its memory
/// map and its busy byte, and from the machine the <see cref="IGateScheduler"/> notifications.
/// Nothing is allocated per call. Not thread-safe: one machine thread drives it. See docs/gates.md.
/// </para>
/// </remarks>
public sealed class GateMonitor : IDisposable
{
    private const ushort StatusFlags = (ushort)(CpuFlags.CF | CpuFlags.PF | CpuFlags.AF | CpuFlags.ZF | CpuFlags.SF | CpuFlags.OF);
    private const byte Hlt = 0xF4;
    private const int FrameBytes = 6;
    private const int HoleSearchStart = 0x10000;

    /// <summary>In the stub page: the monitor's INT 24h handler for DOS calls, "MOV AL,3; IRET" (Fail the DOS call in progress).</summary>
    public const ushort Int24StubOffset = 0x10;

    /// <summary>In the stub page: the monitor's INT 23h handler for DOS calls, "IRET" (Ctrl+C ignored: DOS goes on).</summary>
    public const ushort Int23StubOffset = 0x18;

    private const byte DosVector = 0x21;
    private const byte IdleVector = 0x28;

    private readonly List<GateVm> _vms = [];
    private readonly List<Gate> _gates = [];
    private readonly List<GateCall> _waiting = [];
    private readonly List<HostCall> _hostWaiting = [];
    private int _entered;               // calls whose handler runs now (for CallLimitNs)
    private readonly MemoryBlock _stubPage;

    public GateMonitor(IGateScheduler? scheduler = null, ITraceSink<GateEvent>? sink = null)
    {
        Scheduler = scheduler;
        Sink = sink;
        _stubPage = new MemoryBlock(MemoryMap.PageSize);
        Span<byte> stub = _stubPage.Span;
        stub.Fill(Hlt);
        stub[Int24StubOffset] = 0xB0;     // MOV AL, 03h
        stub[Int24StubOffset + 1] = 0x03;
        stub[Int24StubOffset + 2] = 0xCF; // IRET
        stub[Int23StubOffset] = 0xCF;     // IRET
    }

    /// <summary>Told which VMs must not run and which must run again; null: the machine polls <see cref="Status"/>.</summary>
    public IGateScheduler? Scheduler { get; set; }

    /// <summary>Where gate events go (null: not traced).</summary>
    public ITraceSink<GateEvent>? Sink { get; set; }

    /// <summary>How long (virtual ns) a call may wait for a safe point before it fails with <see cref="GateError.Timeout"/>.</summary>
    public long WaitLimitNs { get; set; } = long.MaxValue;

    /// <summary>
    /// How long a callee's handler may run (virtual ns) before the call is ended for it: the callee
    /// gets back its context and pages, as if the call had never entered it, and the caller gets
    /// C008h. So a callee that never returns (hung, or hostile) cannot hold its caller for ever.
    /// Default: no limit. Not applied while the handler itself waits on a call of its own (that
    /// call has its own limits).
    /// </summary>
    public long CallLimitNs { get; set; } = long.MaxValue;

    public IReadOnlyList<Gate> Gates => _gates;

    /// <summary>Calls waiting for a safe point now.</summary>
    public int WaitingCalls => _waiting.Count;

    /// <summary>Whether <see cref="Poll"/> has anything to do: calls wait, or handlers run under <see cref="CallLimitNs"/>.</summary>
    public bool NeedsPoll => _waiting.Count != 0 || _hostWaiting.Count != 0 || (_entered > 0 && CallLimitNs != long.MaxValue);

    /// <summary>
    /// A VM's DOS was asked (<see cref="Dos"/> says what it answered, or why it cannot be used): the
    /// machine installs its mounted drives here. Raised with the VM stopped at the idle moment it was asked at.
    /// </summary>
    public event Action<VmId, DosInfo>? DosLearned;

    /// <summary>
    /// Adds a VM. VMs are numbered 0, 1, 2... in the order they are added (as in the management
    /// table, so that the machine can use one numbering for both). Maps the stub page and registers
    /// the return stub; watches the end vector.
    /// </summary>
    public VmId AddVm(GateVmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);
        foreach (var other in _vms)
            if (other.Name == options.Name) throw new ArgumentException($"a VM named '{options.Name}' is already known to the gates", nameof(options));
        int stub = options.StubPage;
        if (stub % MemoryMap.PageSize != 0 || stub < 0 || stub >= 0x100000)
            throw new ArgumentException($"vm '{options.Name}': the stub page {stub:X5}h must be a 4 KiB page below 1 MiB", nameof(options));
        if (options.Memory.GetPage(stub >> MemoryMap.PageShift).Block is not null)
            throw new ArgumentException($"vm '{options.Name}': the stub page {stub:X5}h is already mapped; give StubPage a page the VM does not use", nameof(options));
        if (options.BusyByte is { } busy && (busy < 0 || busy >= 0x100000))
            throw new ArgumentException($"vm '{options.Name}': the busy byte {busy:X}h must be below 1 MiB", nameof(options));
        if (options.Dos && options.BusyByte is not null)
            throw new ArgumentException($"vm '{options.Name}': a DOS VM's busy byte is learned from its DOS; give a busy byte or Dos, not both", nameof(options));
        int context = options.ContextPage;
        if (options.Dos || options.AskDos)
        {
            if (context % MemoryMap.PageSize != 0 || context < 0 || context >= 0x100000 || context == stub)
                throw new ArgumentException($"vm '{options.Name}': the context page {context:X5}h must be a 4 KiB page below 1 MiB other than the stub page", nameof(options));
            if (options.Memory.GetPage(context >> MemoryMap.PageShift).Block is not null)
                throw new ArgumentException($"vm '{options.Name}': the context page {context:X5}h is already mapped; give ContextPage a page the VM does not use", nameof(options));
        }
        foreach (var range in options.Lendable)
            CheckPages(range.Address, range.Length, $"vm '{options.Name}': lendable range {range}");

        var vm = new GateVm(new VmId(_vms.Count), options);
        _vms.Add(vm);
        vm.WatchPart = vm.Watches.Register(vector => AtVector(vm, vector));
        vm.Memory.MapRom((uint)stub, _stubPage, 0, MemoryMap.PageSize);
        vm.Vcpu.AddStub((uint)stub);
        vm.Vcpu.AddStub((uint)stub + DosPartner.HostStubOffset);
        if (options.EndVector is { } end) vm.Watches.Want(vm.WatchPart, end, true);
        if (options.Dos || options.AskDos) StartAsking(vm, context, options.KeyboardVector);
        return vm.Id;
    }

    /// <summary>
    /// Has the monitor ask <paramref name="vm"/>'s DOS at its next idle moment (if it does not
    /// already), for its mounted drives or host calls; its context page is
    /// <paramref name="contextPage"/>, which must be unmapped.
    /// </summary>
    public void AskDos(VmId vm, int contextPage = GateVmOptions.DefaultContextPage, byte keyboardVector = 0x16)
    {
        var v = Vm(vm);
        if (v.Dos is not null) return;
        if (contextPage % MemoryMap.PageSize != 0 || contextPage < 0 || contextPage >= 0x100000 || contextPage == v.StubAddress)
            throw new ArgumentException($"vm '{v.Name}': the context page {contextPage:X5}h must be a 4 KiB page below 1 MiB other than the stub page", nameof(contextPage));
        if (v.Memory.GetPage(contextPage >> MemoryMap.PageShift).Block is not null)
            throw new ArgumentException($"vm '{v.Name}': the context page {contextPage:X5}h, which the monitor needs to talk to its DOS, is in use", nameof(contextPage));
        StartAsking(v, contextPage, keyboardVector);
    }

    private void StartAsking(GateVm vm, int context, byte keyboardVector)
    {
        var dos = new DosPartner(context, vm.StubAddress, Int23StubOffset, Int24StubOffset, keyboardVector);
        vm.Dos = dos;
        vm.HostMemory = new HostCallMemory(dos, vm.Memory, vm.AddressMask);
        vm.Memory.MapRam((uint)context, dos.Page, 0, MemoryMap.PageSize);
        UpdateWatches();
    }

    /// <summary>What the monitor knows of <paramref name="vm"/>'s DOS (one it asks: <see cref="GateVmOptions.Dos"/>, <see cref="GateVmOptions.AskDos"/>, <see cref="AskDos"/>), or null for another VM.</summary>
    public DosInfo? Dos(VmId vm) => Vm(vm).Dos?.Info();

    public VmId FindVm(string name)
    {
        foreach (var vm in _vms)
            if (vm.Name == name) return vm.Id;
        return VmId.None;
    }

    public string VmName(VmId vm) => Vm(vm).Name;

    /// <summary>Adds a gate from a machine file, naming the VMs as <see cref="GateVmOptions.Name"/> does.</summary>
    public Gate AddGate(GateSpec spec, int? hole = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        VmId caller = FindVm(spec.Caller), callee = FindVm(spec.Callee);
        if (caller.IsNone) throw new ArgumentException($"gate INT {spec.Vector:X2}h: no VM named '{spec.Caller}' (caller)", nameof(spec));
        if (callee.IsNone) throw new ArgumentException($"gate INT {spec.Vector:X2}h: no VM named '{spec.Callee}' (callee)", nameof(spec));
        return AddGate(caller, spec.Vector, callee, spec.ServiceVector, spec.Window, spec.Mapping, hole, spec.Allow, spec.WindowReadOnly);
    }

    /// <summary>
    /// Binds INT <paramref name="vector"/> in <paramref name="caller"/> to the handler of INT
    /// <paramref name="serviceVector"/> in <paramref name="callee"/>. Under
    /// <see cref="WindowMapping.Relocate"/> the window appears at <paramref name="hole"/>, or, when
    /// none is given, at the lowest run of free pages (unmapped or lendable) of the callee from
    /// 10000h up. <paramref name="allow"/> lists the services (AH) the gate passes (null: all); with
    /// <paramref name="windowReadOnly"/> the callee cannot write the window. Bad configuration throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public Gate AddGate(VmId caller, byte vector, VmId callee, byte serviceVector,
        GateWindow? window = null, WindowMapping mapping = WindowMapping.Identity, int? hole = null,
        GateServices? allow = null, bool windowReadOnly = false)
    {
        GateVm from = Vm(caller), to = Vm(callee);
        string what = $"gate {from.Name} INT {vector:X2}h -> {to.Name} INT {serviceVector:X2}h";
        if (from == to) throw new ArgumentException($"{what}: a VM cannot call itself through a gate", nameof(callee));
        if (from.Gates[vector] is not null) throw new ArgumentException($"{what}: INT {vector:X2}h of {from.Name} is already a gate", nameof(vector));
        if (from.EndVector == vector) throw new ArgumentException($"{what}: INT {vector:X2}h is {from.Name}'s end vector", nameof(vector));
        if (hole is not null && mapping != WindowMapping.Relocate)
            throw new ArgumentException($"{what}: a hole is only for the relocate mapping", nameof(hole));

        int target = 0;
        if (window is { } w)
        {
            CheckPages(w.Address, w.Length, $"{what}: window {w}");
            target = mapping == WindowMapping.Identity ? w.Address : hole ?? FindHole(to, w.Length, what);
            CheckPages(target, w.Length, $"{what}: hole {target:X5}h");
            if (to.StubAddress >= target && to.StubAddress < target + w.Length)
                throw new ArgumentException($"{what}: the window would cover {to.Name}'s stub page {to.StubAddress:X5}h", nameof(window));
        }

        var gate = new Gate(caller, vector, callee, serviceVector, window, mapping, target, allow, windowReadOnly);
        _gates.Add(gate);
        from.Gates[vector] = gate;
        from.Watches.Want(from.WatchPart, vector, true);
        if (to.SavedPages.Length < gate.PageCount)
        {
            to.SavedPages = new MemoryMap.Page[gate.PageCount];
            to.LentPages = new MemoryMap.Page[gate.PageCount];
        }
        return gate;
    }

    /// <summary>
    /// Looks at an exit of <paramref name="vm"/>'s vCPU. Returns true when it was the gates' (a
    /// gated INT, the return stub, the end vector, a monitor-port end): the monitor acted and the
    /// machine goes on scheduling. Returns false for every other exit, which the machine handles.
    /// </summary>
    public bool HandleExit(VmId vm, ExitReason reason)
    {
        var v = Vm(vm);
        switch (reason)
        {
            case ExitReason.WatchedInterrupt:
                return v.Watches.Dispatch(v.Vcpu.LastExit.Vector); // to the gates (AtVector) and the VM's other watching parts

            case ExitReason.StubHit:
                if (v.Vcpu.LastExit.Address == (uint)v.StubAddress + DosPartner.HostStubOffset && v.HostIncoming is not null)
                {
                    HostStepReturned(v);
                    return true;
                }
                if (v.Vcpu.LastExit.Address != (uint)v.StubAddress) return false;
                if (v.Dos is { Step: not DosStep.None })
                {
                    DosStepReturned(v);
                    return true;
                }
                if (v.Incoming is null) return false;
                Finish(v, "stub");
                return true;
            case ExitReason.StopRequested when v.PendingPortEnd:
                v.PendingPortEnd = false;
                if (v.Incoming is not null) Finish(v, "port");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The VM stopped at a watched INT the gates want (<see cref="VectorWatches.Dispatch"/>): true when
    /// the gates take the moment (a gate call, the end of one, a DOS moment they act on); false lets
    /// the INT proceed (or go to another part watching it).
    /// </summary>
    private bool AtVector(GateVm v, byte vector)
    {
        var exit = v.Vcpu.LastExit;
        if (vector == v.EndVector)
        {
            if (v.Incoming is null) return false; // outside a call it is an ordinary INT
            Finish(v, "end-vector");
            return true;
        }
        if (v.Gates[vector] is { } gate)
        {
            StartCall(v, gate, exit);
            return true;
        }
        return v.Dos is { } dos && dos.Watches(vector) && AtDosMoment(v, exit);
    }

    /// <summary>
    /// The explicit end through a monitor port: the machine calls this from its port map when
    /// <paramref name="vm"/> writes the monitor port. Inside a call it stops the run after the OUT
    /// and the call ends at <see cref="HandleExit"/> (with <see cref="ExitReason.StopRequested"/>);
    /// outside a call it returns false and nothing happens.
    /// </summary>
    public bool EndCallFromPort(VmId vm)
    {
        var v = Vm(vm);
        if (v.Incoming is null) return false;
        v.PendingPortEnd = true;
        v.Vcpu.RequestStop();
        return true;
    }

    /// <summary>
    /// Retries the calls that wait for a safe point, oldest first; fails those waiting longer than
    /// <see cref="WaitLimitNs"/>, and ends those whose handler has run longer than <see cref="CallLimitNs"/>.
    /// </summary>
    public void Poll()
    {
        if (CallLimitNs != long.MaxValue && _entered > 0) EndOverruns();
        for (int i = 0; i < _waiting.Count;)
        {
            var call = _waiting[i];
            bool left;
            if (call.Caller.Level != call.Level) left = false; // the caller serves a call meanwhile: its own call waits for it
            else left = TryEnter(call, SafeMoment.Anywhere);
            if (!left && WaitLimitNs != long.MaxValue && Now - call.WaitingSince > WaitLimitNs)
            {
                Fail(call, GateError.Timeout);
                left = true;
            }
            if (!left) i++;
        }
        for (int i = 0; i < _hostWaiting.Count;)
            if (!TryEnterHost(_hostWaiting[i], SafeMoment.Anywhere)) i++;
    }

    /// <summary>
    /// Runs <paramref name="call"/> in <paramref name="vm"/>'s DOS (asked first, if the monitor does
    /// not ask it yet) at its next safe point; see <see cref="HostCall"/>. Host calls into one VM run
    /// in the order given.
    /// </summary>
    public void Call(VmId vm, HostCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var v = Vm(vm);
        if (call.Pending) throw new InvalidOperationException("the host call is already waiting or running");
        if (v.Dos is null) AskDos(vm);
        call.Callee = v;
        call.Waiting = true;
        _hostWaiting.Add(call);
        if (!TryEnterHost(call, SafeMoment.Anywhere)) UpdateWatches();
    }

    /// <summary>Enters the host call at this moment if it may, fails it if it never can; true when it no longer waits.</summary>
    private bool TryEnterHost(HostCall call, SafeMoment moment)
    {
        var v = call.Callee!;
        string? failure = !v.Available ? "the VM is off or stopped"
            : v.Dos!.State == DosState.Failed ? v.Dos.Reason
            : null;
        if (failure is not null)
        {
            _hostWaiting.Remove(call);
            call.Callee = null;
            call.Waiting = false;
            call.Failed(failure);
            UpdateWatches();
            return true;
        }
        // First in, first run; never while another call (or the probe) is inside, nor while the VM's own code waits on a gate call.
        if (FirstHostCallFor(v) != call || v.Occupied || v.HostIncoming is not null || v.Outgoing is not null) return false;
        if (!v.AtDosSafePoint(0x00, moment)) return false; // InDOS at zero, as for DOS's functions 01h-0Ch: EXEC is no INT 28h call
        _hostWaiting.Remove(call);
        call.Waiting = false;
        EnterHost(v, call);
        return true;
    }

    private HostCall? FirstHostCallFor(GateVm v)
    {
        foreach (var call in _hostWaiting)
            if (call.Callee == v) return call;
        return null;
    }

    /// <summary>Like <see cref="Enter"/> for a DOS: the monitor's INT 23h/24h, the OS's DTA asked (to give back), then the host's calls.</summary>
    private void EnterHost(GateVm v, HostCall call)
    {
        v.HostSaved = v.Vcpu.GetState();
        v.HostIncoming = call;
        var dos = v.Dos!;
        (dos.HostInt23, dos.HostInt24) = InstallMonitorHandlers(v);
        RunHostStep(v, DosStep.GetDta);
        UpdateWatches();
        Update(v, wake: true);
    }

    /// <summary>Points the DOS VM's INT 23h and 24h at the monitor's handlers in the stub page; returns the vectors they had.</summary>
    private static (uint Int23, uint Int24) InstallMonitorHandlers(GateVm v)
    {
        uint int23 = VectorAddress(v, 0x23), int24 = VectorAddress(v, 0x24);
        var before = (Read32(v, int23), Read32(v, int24));
        Write32(v, int23, (uint)(v.StubAddress >> 4) << 16 | Int23StubOffset);
        Write32(v, int24, (uint)(v.StubAddress >> 4) << 16 | Int24StubOffset);
        return before;
    }

    /// <summary>Runs one INT 21h of a host call, as <see cref="RunDosStep"/> does but on the host calls' stack and returning to their stub.</summary>
    private static void RunHostStep(GateVm v, DosStep step)
    {
        var dos = v.Dos!;
        dos.HostStep = step;
        CpuState s = v.HostSaved;
        switch (step)
        {
            case DosStep.GetDta:
                s.AX = 0x2F00;
                break;
            case DosStep.RestoreDta:
                s.AX = 0x1A00;
                s.DS = dos.HostDtaSegment;
                s.DX = dos.HostDtaOffset;
                break;
            default:
                s = dos.HostRegisters;
                break;
        }
        ushort flags = (ushort)(v.HostSaved.Flags & ~(ushort)(CpuFlags.TF | CpuFlags.CF));
        EnterOnMonitorStack(v, s, DosVector, flags, DosPartner.HostFrameOffset, DosPartner.HostStubOffset);
    }

    /// <summary>
    /// Starts INT <paramref name="vector"/>'s handler with registers <paramref name="s"/> on the
    /// monitor's stack in the context page: the frame, as INT would push it, at
    /// <paramref name="frameOffset"/> (FLAGS, then CS:IP of the stub at <paramref name="stubOffset"/> in the stub page).
    /// </summary>
    private static void EnterOnMonitorStack(GateVm v, CpuState s, byte vector, ushort flags, ushort frameOffset, ushort stubOffset)
    {
        var dos = v.Dos!;
        ushort stub = (ushort)((v.StubAddress & 0xF) + stubOffset);
        Span<byte> frame = dos.Page.Span.Slice(frameOffset, FrameBytes);
        frame[0] = (byte)stub;
        frame[1] = (byte)(stub >> 8);
        frame[2] = (byte)(v.StubAddress >> 4);
        frame[3] = (byte)(v.StubAddress >> 12);
        frame[4] = (byte)flags;
        frame[5] = (byte)(flags >> 8);
        var (cs, ip) = Handler(v, vector);
        s.SS = dos.Segment;
        s.SP = frameOffset;
        s.CS = cs;
        s.IP = ip;
        s.Flags = (ushort)(flags & ~(ushort)CpuFlags.IF);
        s.Halted = false;
        v.Vcpu.SetState(s);
    }

    /// <summary>A host call's step returned: after the OS's DTA, its own calls one by one, then the DTA back and the VM's own context.</summary>
    private void HostStepReturned(GateVm v)
    {
        var dos = v.Dos!;
        var call = v.HostIncoming!;
        CpuState answer = v.Vcpu.GetState();
        switch (dos.HostStep)
        {
            case DosStep.GetDta:
                dos.HostDtaSegment = answer.ES;
                dos.HostDtaOffset = answer.BX;
                dos.HostRegisters = v.HostSaved;
                call.Start(v.HostMemory!, ref dos.HostRegisters);
                RunHostStep(v, DosStep.Host);
                return;
            case DosStep.Host:
                dos.HostRegisters = v.HostSaved;
                RunHostStep(v, call.Next(v.HostMemory!, answer, ref dos.HostRegisters) ? DosStep.Host : DosStep.RestoreDta);
                return;
            default: // RestoreDta: done
                Write32(v, VectorAddress(v, 0x23), dos.HostInt23);
                Write32(v, VectorAddress(v, 0x24), dos.HostInt24);
                dos.HostStep = DosStep.None;
                v.HostIncoming = null;
                call.Callee = null;
                v.Vcpu.SetState(v.HostSaved);
                if (v.HostResumeVector >= 0)
                {
                    byte vector = (byte)v.HostResumeVector;
                    v.HostResumeVector = -1;
                    v.Vcpu.DeliverInterrupt(vector);
                }
                UpdateWatches();
                call.Ended();
                Update(v, wake: true);
                if (_waiting.Count != 0 || _hostWaiting.Count != 0) Poll(); // the VM is free again
                return;
        }
    }

    /// <summary>
    /// The machine says whether <paramref name="vm"/> can serve calls: false once it is powered off,
    /// halted for good or shut down. Calls waiting for it fail, the call it serves fails (its pages
    /// and context are given back), and its own waiting calls are dropped.
    /// </summary>
    public void SetAvailable(VmId vm, bool available)
    {
        var v = Vm(vm);
        if (v.Available == available) return;
        v.Available = available;
        if (available)
        {
            Update(v, wake: false);
            return;
        }
        for (int i = 0; i < _waiting.Count;)
        {
            var call = _waiting[i];
            if (call.Callee == v) Fail(call, GateError.CalleeUnavailable);
            else if (call.Caller == v)
            {
                _waiting.RemoveAt(i);
                call.Phase = CallPhase.Idle;
            }
            else i++;
        }
        if (v.Incoming is { } served)
        {
            Leave(v, served);
            Fail(served, GateError.CalleeUnavailable);
        }
        if (v.Dos is { Probing: true } dos) dos.Step = DosStep.None;
        if (v.HostIncoming is { } host)
        {
            v.Dos!.HostStep = DosStep.None;
            v.HostIncoming = null;
            host.Callee = null;
            host.Failed("the VM stopped while the call ran");
        }
        for (int i = 0; i < _hostWaiting.Count;)
            if (!TryEnterHost(_hostWaiting[i], SafeMoment.Anywhere)) i++;
        UpdateWatches();
    }

    public GateVmStatus Status(VmId vm)
    {
        var v = Vm(vm);
        if (!v.Available) return GateVmStatus.Off;
        return v.Outgoing?.Phase switch
        {
            CallPhase.Waiting => GateVmStatus.Waiting,
            CallPhase.Entered => GateVmStatus.InCall,
            _ => GateVmStatus.Runnable,
        };
    }

    /// <summary>Whether the scheduler may run <paramref name="vm"/> (not off, not blocked on a call).</summary>
    public bool IsRunnable(VmId vm) => Status(vm) == GateVmStatus.Runnable;

    /// <summary>Attribution: the VM (and CS:IP of its INT) that <paramref name="vm"/> is running a handler for, or <see cref="GateCaller.None"/>.</summary>
    public GateCaller CurrentCall(VmId vm) =>
        Vm(vm).Incoming is { } call ? new GateCaller(call.Caller.Id, call.At) : GateCaller.None;

    /// <summary>The VM that <paramref name="vm"/>'s current call is addressed to (waiting or served), or <see cref="VmId.None"/>.</summary>
    public VmId CalleeOf(VmId vm) => Vm(vm).Outgoing is { } call ? call.Callee.Id : VmId.None;

    public void Dispose()
    {
        _stubPage.Dispose();
        foreach (var vm in _vms) vm.Dos?.Dispose();
    }

    private GateVm Vm(VmId id)
    {
        if (id.Value < 0 || id.Value >= _vms.Count) throw new ArgumentOutOfRangeException(nameof(id), id, $"the gates know {_vms.Count} VMs");
        return _vms[id.Value];
    }

    private long Now => Scheduler?.TimeNs ?? 0;

    private void StartCall(GateVm caller, Gate gate, in ExitInfo exit)
    {
        var call = caller.Calls[caller.Level];
        if (call.Phase != CallPhase.Idle)
            throw new InvalidOperationException($"vm '{caller.Name}' ran while its call {call.Gate} was {call.Phase}: the scheduler must not run a suspended VM");
        call.Gate = gate;
        call.Callee = _vms[gate.Callee.Value];
        call.At = IntAddress(caller, exit);
        call.Function = (byte)(caller.Vcpu.GetState().AX >> 8);
        gate.Calls++;
        Trace(GateEventKind.Call, call, null, 0, false);
        if (gate.Allow is { } allow)
        {
            byte ah = (byte)(ContextOf(caller, call.Level).AX >> 8);
            if (!allow.Contains(ah))
            {
                // A door, not a hole: only the services the machine file names reach the other OS.
                gate.Refusals++;
                Fail(call, GateError.ServiceNotAllowed, string.Create(CultureInfo.InvariantCulture, $"{GateError.ServiceNotAllowed.Name()}:{ah:X2}h"));
                return;
            }
        }
        TryEnter(call, SafeMoment.Anywhere);
    }

    /// <summary>The CS:IP of the INT: IP points after it; INT n is two bytes (CDh n), INT3 and INTO one.</summary>
    private static CsIp IntAddress(GateVm caller, in ExitInfo exit)
    {
        ushort ip2 = (ushort)(exit.Ip - 2);
        bool intN = caller.Memory.Read8(caller.Linear(exit.Cs, ip2)) == 0xCD;
        return new CsIp(exit.Cs, intN ? ip2 : (ushort)(exit.Ip - 1));
    }

    /// <summary>Enters the callee, fails the call, or lets it wait. Returns true when the call no longer waits.</summary>
    private bool TryEnter(GateCall call, SafeMoment moment)
    {
        var callee = call.Callee;
        var error = callee.Available ? CheckWindow(call) : GateError.CalleeUnavailable;
        if (error == GateError.None && callee.DosGates && callee.Dos is { State: DosState.Failed }) error = GateError.NoSafePoint;
        if (error != GateError.None)
        {
            Fail(call, error);
            return true;
        }

        bool occupied = callee.Occupied;
        bool busy = !occupied && !callee.AtSafePoint(call.Function, moment);
        if (busy || occupied)
        {
            if (WouldCycle(call))
            {
                Fail(call, GateError.Cycle);
                return true;
            }
            if (call.Phase != CallPhase.Waiting)
            {
                call.Phase = CallPhase.Waiting;
                call.WaitingSince = Now;
                call.Gate.Waits++;
                _waiting.Add(call);
                string why = occupied ? "occupied" : callee.DosGates && callee.Dos is { State: DosState.Learning } ? "learning" : "busy";
                Trace(GateEventKind.Wait, call, why, 0, false);
                Update(call.Caller, wake: false);
                UpdateWatches();
            }
            return false;
        }

        var (handlerCs, handlerIp) = Handler(callee, call.Gate.ServiceVector);
        if (handlerIp == 0 && handlerCs == 0)
        {
            Fail(call, GateError.NoHandler);
            return true;
        }
        Enter(call, handlerCs, handlerIp);
        return true;
    }

    /// <summary>
    /// The flags a handler is entered with: the caller's, but the callee's own IOPL and NT, which
    /// belong to the callee's mode (a callee in virtual-8086 mode needs its IOPL 3 for the handler's
    /// IRET, as a V86 monitor reflecting an INT leaves it).
    /// </summary>
    private static ushort EntryFlags(in CpuState from, GateVm callee)
    {
        const ushort CalleeOwned = 0x7000;
        return (ushort)((from.Flags & ~(ushort)CpuFlags.TF & ~CalleeOwned) | (callee.Saved.Flags & CalleeOwned));
    }

    /// <summary>The VM's interrupt table entry for <paramref name="vector"/> (on the 286, from its IDT base).</summary>
    private static (ushort Cs, ushort Ip) Handler(GateVm vm, byte vector)
    {
        uint address = VectorAddress(vm, vector);
        return (vm.Read16(address + 2), vm.Read16(address));
    }

    private static uint VectorAddress(GateVm vm, byte vector) => vm.RealModeTableBase + vector * 4u;

    private static GateError CheckWindow(GateCall call)
    {
        var gate = call.Gate;
        var (caller, callee) = (call.Caller.Memory, call.Callee);
        for (int i = 0; i < gate.PageCount; i++)
        {
            var page = caller.GetPage(gate.FirstPage + i);
            if (page.Block is null || !page.Writable) return GateError.WindowOutsideCaller;
        }
        for (int i = 0; i < gate.PageCount; i++)
        {
            int p = gate.TargetPage + i;
            if (callee.Memory.GetPage(p).Block is not null && !callee.IsLendable(p)) return GateError.WindowCollision;
        }
        return GateError.None;
    }

    /// <summary>
    /// Whether waiting would never end: the callee reaches a safe point only by running its current
    /// level, which is blocked on a call, which is blocked on... Following that chain back to the
    /// caller means the caller would wait for itself.
    /// </summary>
    private bool WouldCycle(GateCall call)
    {
        var v = call.Callee;
        for (int steps = 0; steps <= _vms.Count; steps++)
        {
            if (v.Outgoing is not { } next) return false;
            v = next.Callee;
            if (v == call.Caller) return true;
        }
        return true; // a loop not through the caller cannot form (each link was checked when made); refuse rather than wait on it
    }

    private void Enter(GateCall call, ushort handlerCs, ushort handlerIp)
    {
        var (caller, callee, gate) = (call.Caller, call.Callee, call.Gate);
        if (call.Phase == CallPhase.Waiting) _waiting.Remove(call);

        CpuState from = caller.Vcpu.GetState();
        callee.Saved = callee.Vcpu.GetState();

        var memory = callee.Memory;
        var saved = callee.SavedPages.AsSpan(0, gate.PageCount);
        var lent = callee.LentPages.AsSpan(0, gate.PageCount);
        memory.GetPages(gate.TargetPage, saved);
        caller.Memory.GetPages(gate.FirstPage, lent);
        if (gate.WindowReadOnly)
            foreach (ref var page in lent) page = page with { Writable = false };
        memory.SetPages(gate.TargetPage, lent);
        lent.Clear(); // no reference to another VM's memory stays behind

        callee.Incoming = call;
        call.Phase = CallPhase.Entered;
        call.EnteredAt = Now;
        _entered++;
        Trace(GateEventKind.Enter, call, null, 0, false);
        if (callee.DosGates && callee.Dos is { } dos)
        {
            // A DOS: first the monitor's process context (its INT 23h/24h, then PSP and DTA through
            // DOS), then the service (RunDosStep), then the OS's context back.
            (dos.OsInt23, dos.OsInt24) = InstallMonitorHandlers(callee);
            RunDosStep(callee, DosStep.GetPsp);
            Update(caller, wake: false);
            Update(callee, wake: true);
            return;
        }

        // The return frame, as INT would push it, on the callee's own stack: FLAGS, CS:IP of the stub.
        ushort ss = callee.Saved.SS, sp = callee.Saved.SP;
        ushort flags = EntryFlags(from, callee);
        for (int k = 0; k < FrameBytes; k++)
            callee.SavedFrame[k] = memory.Read8(callee.Linear(ss, (ushort)(sp - FrameBytes + k)));
        WriteWord(callee, ss, (ushort)(sp - 2), flags);
        WriteWord(callee, ss, (ushort)(sp - 4), (ushort)(callee.StubAddress >> 4));
        WriteWord(callee, ss, (ushort)(sp - 6), 0);

        CpuState s = callee.Saved;
        s.AX = from.AX; s.BX = from.BX; s.CX = from.CX; s.DX = from.DX;
        s.SI = from.SI; s.DI = from.DI; s.BP = from.BP;
        s.DS = ToCallee(gate, from.DS);
        s.ES = ToCallee(gate, from.ES);
        s.SP = (ushort)(sp - FrameBytes);
        s.CS = handlerCs;
        s.IP = handlerIp;
        s.Flags = (ushort)(flags & ~(ushort)CpuFlags.IF);
        s.Halted = false;
        callee.Vcpu.SetState(s);

        Update(caller, wake: false);
        Update(callee, wake: true);
    }

    /// <summary>
    /// The handler is done (<paramref name="how"/> it ended): results to the caller, the callee's
    /// pages and context back; in a DOS, first the OS's own process context.
    /// </summary>
    private void Finish(GateVm callee, string how)
    {
        if (callee.Dos is { InMain: true } dos)
        {
            dos.Result = callee.Vcpu.GetState();
            dos.EndedBy = how;
            RunDosStep(callee, DosPartner.After(DosStep.Main));
            return;
        }
        Complete(callee, how, callee.Vcpu.GetState());
    }

    /// <summary>The results (<paramref name="result"/>) to the caller; the callee's pages and context back.</summary>
    private void Complete(GateVm callee, string how, in CpuState result)
    {
        var call = callee.Incoming!;
        var (caller, gate) = (call.Caller, call.Gate);
        Leave(callee, call);

        CpuState to = ContextOf(caller, call.Level);
        to.AX = result.AX; to.BX = result.BX; to.CX = result.CX; to.DX = result.DX;
        to.SI = result.SI; to.DI = result.DI; to.BP = result.BP;
        to.DS = BackToCaller(gate, to.DS, result.DS);
        to.ES = BackToCaller(gate, to.ES, result.ES);
        to.Flags = (ushort)((to.Flags & ~StatusFlags) | (result.Flags & StatusFlags));
        SetContextOf(caller, call.Level, to);

        call.Phase = CallPhase.Idle;
        gate.Returns++;
        Trace(GateEventKind.Return, call, how, to.AX, (to.Flags & (ushort)CpuFlags.CF) != 0);
        Update(callee, wake: false);
        Update(caller, wake: true);
        if (_waiting.Count != 0) Poll(); // the callee is free again
    }

    /// <summary>Undoes an entry: the frame bytes (or, in a DOS, its INT 23h/24h), the window's pages and the callee's context.</summary>
    private void Leave(GateVm callee, GateCall call)
    {
        var gate = call.Gate;
        var memory = callee.Memory;
        if (callee.DosGates && callee.Dos is { } dos)
        {
            Write32(callee, VectorAddress(callee, 0x23), dos.OsInt23);
            Write32(callee, VectorAddress(callee, 0x24), dos.OsInt24);
            dos.Step = DosStep.None;
        }
        else
        {
            ushort ss = callee.Saved.SS, sp = callee.Saved.SP;
            for (int k = 0; k < FrameBytes; k++)
                memory.Write8(callee.Linear(ss, (ushort)(sp - FrameBytes + k)), callee.SavedFrame[k]);
        }
        memory.SetPages(gate.TargetPage, callee.SavedPages.AsSpan(0, gate.PageCount));
        Array.Clear(callee.SavedPages, 0, gate.PageCount); // no reference to another VM's memory stays behind
        call.Caller.Memory.WrittenElsewhere(gate.FirstPage, gate.PageCount); // the callee wrote the caller's window through its own map
        callee.Vcpu.SetState(callee.Saved);
        callee.Incoming = null;
        callee.PendingPortEnd = false;
        _entered--;
        Resume(callee);
    }

    /// <summary>The VM goes on from where the monitor stopped it: the software interrupt it was stopped at, if any, is delivered now.</summary>
    private static void Resume(GateVm vm)
    {
        if (vm.ResumeVector < 0) return;
        byte vector = (byte)vm.ResumeVector;
        vm.ResumeVector = -1;
        vm.Vcpu.DeliverInterrupt(vector);
    }

    // ---- DOS: asking it, entering it at its safe points, the monitor's process context ----

    /// <summary>
    /// A DOS VM stopped at a watched INT: while it is being learned, its first INT 28h is the moment to
    /// ask it, and a blocking key read (INT 16h, on the PC-98 INT 18h, AH=00h/10h) with no INT 21h installed says it is no DOS;
    /// once known, a program's INT 21h or the OS's INT 28h may be a safe point for a waiting call.
    /// Otherwise the INT proceeds as if it had never been watched.
    /// </summary>
    private bool AtDosMoment(GateVm v, in ExitInfo exit)
    {
        var dos = v.Dos!;
        byte vector = exit.Vector;
        if (v.Incoming is null && dos.Step == DosStep.None && v.Available)
        {
            switch (dos.State)
            {
                case DosState.Learning when vector == IdleVector && !v.InInterruptHandler:
                    return StartProbe(v, exit);
                case DosState.Learning when vector == dos.KeyboardVector && (v.Vcpu.GetState().AX >> 8) is 0x00 or 0x10
                    && NoDosInstalled(v) is { } reason:
                    Learned(v, IntAddress(v, exit), vector, reason);
                    break;
                case DosState.Known when vector is DosVector or IdleVector:
                    SafeMoment moment = vector == IdleVector ? SafeMoment.Idle : SafeMoment.AtInt;
                    if (EnterWaitingAt(v, moment)) return true;
                    // A host call waits for InDOS 0 and the DOS idles in its console input (a prompt): the host may make it move.
                    if (moment == SafeMoment.Idle && v.HostIncoming is null && v.Outgoing is null && FirstHostCallFor(v) is { } host) host.Idle();
                    break;
            }
        }
        return false;
    }

    /// <summary>Tries the calls waiting for <paramref name="callee"/>, oldest first, at this moment; true when one entered.</summary>
    private bool EnterWaitingAt(GateVm callee, SafeMoment moment)
    {
        byte vector = callee.Vcpu.LastExit.Vector;
        for (int i = 0; i < _waiting.Count;)
        {
            var call = _waiting[i];
            bool left = call.Callee == callee && call.Caller.Level == call.Level && TryEnter(call, moment);
            if (callee.Incoming is not null)
            {
                callee.ResumeVector = vector; // after the call, the INT it was stopped at
                return true;
            }
            if (!left) i++;
        }
        if (FirstHostCallFor(callee) is { } host && TryEnterHost(host, moment) && callee.HostIncoming == host)
        {
            callee.HostResumeVector = vector;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Why INT 21h cannot be a DOS: its vector is 0000:0000 or points into the system BIOS's ROM (no
    /// DOS runs from there; the BIOS points unused vectors at an IRET), or null when something is installed.
    /// </summary>
    private static string? NoDosInstalled(GateVm v)
    {
        var (cs, ip) = Handler(v, DosVector);
        if (cs == 0 && ip == 0) return "INT 21h has no handler (its vector is 0000:0000): no DOS is installed";
        if (v.Linear(cs, ip) >= 0xF0000) return $"INT 21h points into the BIOS ROM ({cs:X4}:{ip:X4}): no DOS is installed";
        return null;
    }

    /// <summary>Asks the DOS, stopped at its INT 28h: AH=30h, AH=34h, AX=5D06h, each through its INT 21h.</summary>
    private bool StartProbe(GateVm v, in ExitInfo exit)
    {
        var dos = v.Dos!;
        if (NoDosInstalled(v) is { } reason)
        {
            Learned(v, IntAddress(v, exit), exit.Vector, reason);
            return false;
        }
        v.Saved = v.Vcpu.GetState();
        v.ResumeVector = exit.Vector;
        dos.ProbedAt = IntAddress(v, exit);
        RunDosStep(v, DosStep.Version);
        return true;
    }

    /// <summary>
    /// Runs one of the monitor's INT 21h calls in a DOS VM (or, for <see cref="DosStep.Main"/>, the
    /// call's own service with the caller's registers), on the monitor's stack in the context page,
    /// returning to the stub: the VM's own registers but for those the call takes.
    /// </summary>
    private static void RunDosStep(GateVm v, DosStep step)
    {
        var dos = v.Dos!;
        dos.Step = step;
        CpuState s = v.Saved;
        ushort flags;
        byte vector;
        if (step == DosStep.Main)
        {
            var call = v.Incoming!;
            var gate = call.Gate;
            CpuState from = ContextOf(call.Caller, call.Level);
            s.AX = from.AX; s.BX = from.BX; s.CX = from.CX; s.DX = from.DX;
            s.SI = from.SI; s.DI = from.DI; s.BP = from.BP;
            s.DS = ToCallee(gate, from.DS);
            s.ES = ToCallee(gate, from.ES);
            flags = EntryFlags(from, v);
            vector = gate.ServiceVector;
        }
        else
        {
            dos.Load(step, ref s);
            flags = (ushort)(v.Saved.Flags & ~(ushort)(CpuFlags.TF | CpuFlags.CF)); // CF clear: set only by a function that fails
            vector = DosVector;
        }
        EnterOnMonitorStack(v, s, vector, flags, DosPartner.FrameOffset, 0);
    }

    /// <summary>One of the monitor's INT 21h calls in a DOS VM returned to the stub: read its answer, run the next.</summary>
    private void DosStepReturned(GateVm v)
    {
        var dos = v.Dos!;
        DosStep step = dos.Step;
        CpuState answer = v.Vcpu.GetState();
        if (dos.Probing)
        {
            string? failure = step switch
            {
                DosStep.Version => dos.TakeVersion(answer),
                DosStep.InDos => dos.TakeInDos(answer, v.AddressMask),
                _ => null,
            };
            if (step == DosStep.ListOfLists) dos.TakeListOfLists(answer, v.AddressMask);
            bool done = failure is not null || step == DosStep.SwappableData || (step == DosStep.InDos && dos.Old);
            if (failure is null && step == DosStep.SwappableData) dos.TakeSwappableData(answer, v.AddressMask);
            else if (failure is null && done) dos.Known(); // older than 3.10: its version and InDOS are all there is
            if (failure is null && done && v.DosGates) failure = dos.GateProblem;
            if (done)
            {
                dos.Step = DosStep.None;
                v.Vcpu.SetState(v.Saved);
                Resume(v);
                Learned(v, dos.ProbedAt, IdleVector, failure);
            }
            else RunDosStep(v, DosPartner.After(step));
            return;
        }

        if (step == DosStep.Main)
        {
            Finish(v, "stub");
            return;
        }
        dos.Store(step, answer);
        DosStep next = DosPartner.After(step);
        if (next != DosStep.None) RunDosStep(v, next);
        else Complete(v, dos.EndedBy, dos.Result);
    }

    /// <summary>The DOS answered (<paramref name="failure"/> null) or cannot be used: traced; waiting calls go on or fail.</summary>
    private void Learned(GateVm v, CsIp at, byte vector, string? failure)
    {
        var dos = v.Dos!;
        if (failure is not null) dos.Fail(failure);
        if (Sink is { } sink)
            sink.Write(new GateEvent(Now, failure is null ? GateEventKind.Learned : GateEventKind.NotLearned, v.Id, v.Name, at, vector,
                v.Id, v.Name, DosVector, failure ?? dos.Info().ToString(), 0, false));
        UpdateWatches();
        DosLearned?.Invoke(v.Id, dos.Info());
        if (_waiting.Count != 0 || _hostWaiting.Count != 0) Poll();
    }

    /// <summary>
    /// Watches in each DOS VM only what the monitor needs now: INT 28h and the keyboard BIOS while it is learned,
    /// INT 21h and INT 28h while a call waits for it (every watched INT stops the vCPU).
    /// </summary>
    private void UpdateWatches()
    {
        foreach (var vm in _vms)
        {
            if (vm.Dos is not { } dos) continue;
            bool learning = dos.State == DosState.Learning && vm.Available;
            bool awaited = false;
            if (dos.State == DosState.Known)
            {
                foreach (var call in _waiting)
                    if (call.Callee == vm) awaited = true;
                foreach (var call in _hostWaiting)
                    if (call.Callee == vm) awaited = true;
            }
            // The keyboard BIOS tells a VM with no DOS (its gates would wait for ever); it is watched only
            // for gate calls: every watched INT ends the vCPU's slice, and a VM asked only for its mounts or
            // host commands goes on at full speed until its DOS is idle.
            dos.WatchingKeyboard = Watch(vm, dos.KeyboardVector, learning && vm.DosGates);
            dos.Watching28 = Watch(vm, IdleVector, learning || awaited);
            dos.Watching21 = Watch(vm, DosVector, awaited);
        }
    }

    /// <summary>The gates' interest in <paramref name="vector"/>: the VM's <see cref="VectorWatches"/> keep the vCPU's watch while any part wants it.</summary>
    private static bool Watch(GateVm vm, byte vector, bool on)
    {
        vm.Watches.Want(vm.WatchPart, vector, on || vm.Gates[vector] is not null || vm.EndVector == vector);
        return on;
    }

    private static uint Read32(GateVm vm, uint address) => vm.Read16(address) | (uint)vm.Read16(address + 2) << 16;

    private static void Write32(GateVm vm, uint address, uint value)
    {
        for (int k = 0; k < 4; k++) vm.Memory.Write8((address + (uint)k) & vm.AddressMask, (byte)(value >> (8 * k)));
    }

    /// <summary>Ends the calls whose handler has run longer than <see cref="CallLimitNs"/> (not while it waits on a call of its own).</summary>
    private void EndOverruns()
    {
        foreach (var v in _vms)
        {
            if (v.Incoming is not { } call || Now - call.EnteredAt <= CallLimitNs || v.Outgoing is not null) continue;
            Leave(v, call);
            Fail(call, GateError.CalleeTimeout);
            Update(v, wake: true); // back to its own code, as before the call
        }
    }

    private void Fail(GateCall call, GateError error, string? detail = null)
    {
        var caller = call.Caller;
        if (call.Phase == CallPhase.Waiting) _waiting.Remove(call);
        CpuState to = ContextOf(caller, call.Level);
        to.AX = (ushort)error;
        to.Flags |= (ushort)CpuFlags.CF;
        SetContextOf(caller, call.Level, to);
        call.Phase = CallPhase.Idle;
        call.Gate.Failures++;
        Trace(GateEventKind.Fail, call, detail ?? error.Name(), to.AX, true);
        Update(caller, wake: true);
    }

    /// <summary>
    /// The caller's context at the level it made the call: its live registers, or, while it serves
    /// a call of its own meanwhile, the context saved when that call entered it.
    /// </summary>
    private static CpuState ContextOf(GateVm vm, int level) => vm.Level == level ? vm.Vcpu.GetState() : vm.Saved;

    private static void SetContextOf(GateVm vm, int level, in CpuState state)
    {
        if (vm.Level == level) vm.Vcpu.SetState(state);
        else vm.Saved = state;
    }

    /// <summary>Tells the scheduler when a VM stops or starts being runnable; <paramref name="wake"/>: its state changed, run it even if it idled.</summary>
    private void Update(GateVm vm, bool wake)
    {
        bool runnable = vm.Available && vm.Outgoing is null;
        if (!runnable)
        {
            if (vm.Suspended) return;
            vm.Suspended = true;
            Scheduler?.Suspend(vm.Id);
        }
        else if (vm.Suspended || wake)
        {
            vm.Suspended = false;
            Scheduler?.Resume(vm.Id);
        }
    }

    /// <summary>
    /// The callee's segment for a caller's DS or ES: inside the window, the same memory where the
    /// callee sees it; outside, the window's start. A gate lends its window and nothing else, so a
    /// caller cannot aim the callee's service at the callee's own memory (to read it back or to
    /// write over it). A gate without a window lends nothing and passes the segments as they are.
    /// </summary>
    private static ushort ToCallee(Gate gate, ushort segment)
    {
        if (gate.Window is not { } w) return segment;
        bool inside = w.Address <= segment << 4 && segment << 4 < w.End;
        return (ushort)((inside ? segment : w.Address >> 4) + gate.SegmentShift);
    }

    /// <summary>
    /// The caller's DS or ES after a call: its own value when the callee handed back the segment it
    /// was given (a service that returns no pointer), else the callee's result as the caller sees it.
    /// </summary>
    private static ushort BackToCaller(Gate gate, ushort callers, ushort returned) =>
        returned == ToCallee(gate, callers) ? callers : ToCaller(gate, returned);

    private static ushort ToCaller(Gate gate, ushort segment) =>
        gate.Window is { } w && gate.Target <= segment << 4 && segment << 4 < gate.Target + w.Length ? (ushort)(segment - gate.SegmentShift) : segment;

    private static void WriteWord(GateVm vm, ushort segment, ushort offset, ushort value)
    {
        vm.Memory.Write8(vm.Linear(segment, offset), (byte)value);
        vm.Memory.Write8(vm.Linear(segment, (ushort)(offset + 1)), (byte)(value >> 8));
    }

    private static void CheckPages(int address, int length, string what)
    {
        if (address < 0 || length <= 0 || address % MemoryMap.PageSize != 0 || length % MemoryMap.PageSize != 0 || address + (long)length > 0x100000)
            throw new ArgumentException($"{what}: must be whole 4 KiB pages below 1 MiB (address {address:X}h, length {length:X}h)");
    }

    private static int FindHole(GateVm vm, int length, string what)
    {
        int pages = length >> MemoryMap.PageShift;
        int stubPage = vm.StubAddress >> MemoryMap.PageShift;
        int run = 0;
        for (int p = HoleSearchStart >> MemoryMap.PageShift; p < GateVm.Pages1M; p++)
        {
            bool free = p != stubPage && (vm.Memory.GetPage(p).Block is null || vm.IsLendable(p));
            run = free ? run + 1 : 0;
            if (run == pages) return (p - pages + 1) << MemoryMap.PageShift;
        }
        throw new ArgumentException($"{what}: {vm.Name} has no free hole of {length:X}h bytes below 1 MiB for the relocated window");
    }

    private void Trace(GateEventKind kind, GateCall call, string? detail, ushort ax, bool cf)
    {
        if (Sink is not { } sink) return;
        var gate = call.Gate;
        sink.Write(new GateEvent(Now, kind, call.Caller.Id, call.Caller.Name, call.At, gate.Vector,
            call.Callee.Id, call.Callee.Name, gate.ServiceVector, detail, ax, cf));
    }
}
