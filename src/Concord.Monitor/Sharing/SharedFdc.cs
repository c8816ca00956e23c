using Concord.Devices.Bus;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>
/// One real <see cref="Fdc82077"/> (and its drives) shared by several VMs through the
/// <see cref="ManagementTable"/>. Each VM maps its own <see cref="FdcPort"/> at 3F0h-3F5h and 3F7h;
/// every access lands here, attributed to that VM.
/// </summary>
/// <remarks>
/// <para>Rows (device <see cref="SharedFdcOptions.DeviceName"/>): <c>command</c> (the lease; under
/// exclusive, <c>owner</c>), <c>motor0</c>-<c>motor3</c> (DOR bits 4-7), <c>select</c> (DOR bits
/// 0-1), <c>reset</c> (1 = DOR bit 2 clear), <c>dmagate</c> (DOR bit 3), <c>datarate</c> (DSR/CCR
/// bits 0-1). The DOR the controller gets is composed from the effective values.</para>
/// <para>Under <see cref="FieldPolicy.Lease"/> (the default): the motor rows follow their own
/// policy at once and never wait. A VM takes the lease by writing a command byte, by changing its
/// reset bit (DOR bit 2, or a DSR software reset) while the lease is free; the lease holder's
/// select, DMA gate, reset and data rate reach the controller, IRQ 6 goes to the holder's line and
/// DMA to the holder's <see cref="IDmaController"/>. Another VM's select/gate/rate writes wait in its
/// column; a command byte or a reset change from it is parked: the VM is told to wait through
/// <see cref="WaitRequested"/> (the monitor stops its vCPU) and, when the holder is done,
/// <see cref="LeaseGranted"/> is raised after its column has been applied and its parked writes
/// replayed. Reads by a VM without the lease show its own idle controller (MSR RQM, or 00h while
/// its own DOR holds the reset; nothing to read), so a BIOS goes on to write its command and waits.
/// The lease ends when the controller is idle with nothing for the holder: no command, no result
/// byte, no seek, no interrupt to sense, not in reset, and, after the holder's own reset, once it
/// has sensed every polling status or moved on to another command. A VM whose own DOR still shows
/// the reset (it never wrote the DOR: power-on) gets a full reset pulse when it releases it, so
/// every VM sees its own reset complete with IRQ 6 and the four polling statuses. The heads are
/// the drive's, but each VM's BIOS remembers where it left them and seeks only when it must: so
/// when a VM gets the lease for a command and a drive it used has been moved by another VM since,
/// the controller first seeks that drive back (nobody's IRQ line attached, the VM waiting), then
/// the VM's command goes on.</para>
/// <para>Under <see cref="FieldPolicy.Passthrough"/> every write reaches the controller (the motor
/// rows may still be <see cref="FieldPolicy.Any"/>); IRQ 6 and DMA go to the last VM that wrote.
/// Under <see cref="FieldPolicy.Exclusive"/> the first VM to touch the controller owns all of it;
/// any write by another VM is parked until the owner has left the controller idle (no command,
/// seek or interrupt) for <see cref="SharedFdcOptions.ExclusiveHoldNs"/>.</para>
/// <para>This is an <see cref="ITimedDevice"/>: the machine advances it (not <see cref="Controller"/>)
/// at <see cref="NextEventNs"/>. Not thread-safe: one machine thread.</para>
/// </remarks>
public sealed class SharedFdc : ITimedDevice
{
    private readonly IClock _clock;
    private readonly ManagementTable _table;
    private readonly IrqRouter _irq = new();
    private readonly DmaRouter _dma = new();
    private readonly TableRow[] _motors = new TableRow[Fdc82077.DriveCount];
    private readonly TableRow _select, _reset, _gate, _rate;
    private readonly TableRow? _lease;
    private FdcVmState?[] _vms = new FdcVmState?[4];
    private FdcVmState? _target;
    private FdcVmState? _seekingBack;   // lease: the VM granted the lease whose heads are being sought back
    private long _ownerLastUseNs;
    private long _holderProgressNs;  // lease: the shared time of the last progress on the holder's command (or of its grant)
    private bool _reconciling;

    public SharedFdc(IClock clock, ManagementTable table, SharedFdcOptions? options = null)
    {
        options ??= new SharedFdcOptions();
        options.Validate();
        _clock = clock;
        _table = table;
        Options = options;
        Controller = new Fdc82077(clock, _irq, _dma);
        // The controller moving on (execution ended, results ready) is progress on the holder's command.
        Controller.PhaseChanged += _ => _holderProgressNs = _clock.NowNs;
        string device = options.DeviceName;
        var policy = options.ControllerPolicy;
        if (policy != FieldPolicy.Passthrough)
            _lease = table.AddLease(device, policy == FieldPolicy.Exclusive ? "owner" : "command", policy);
        for (int i = 0; i < _motors.Length; i++)
            _motors[i] = table.AddField(device, "motor" + i, options.MotorPolicy, 0, options.MotorPolicy == FieldPolicy.Exclusive ? _lease : null);
        _select = table.AddField(device, "select", policy, 0, _lease);
        _reset = table.AddField(device, "reset", policy, 1, _lease);
        _gate = table.AddField(device, "dmagate", policy, 0, _lease);
        _rate = table.AddField(device, "datarate", policy, (int)Controller.DataRate, _lease);
    }

    public SharedFdcOptions Options { get; }

    /// <summary>The one real controller; attach the drives here. Its IRQ line and DMA are the routers to the holder.</summary>
    public Fdc82077 Controller { get; }

    /// <summary>The lease row (<c>command</c>) or the exclusive owner row (<c>owner</c>); null under passthrough.</summary>
    public TableRow? LeaseRow => _lease;

    public TableRow MotorRow(int unit) => _motors[unit];

    public TableRow SelectRow => _select;

    public TableRow ResetRow => _reset;

    public TableRow DmaGateRow => _gate;

    public TableRow DataRateRow => _rate;

    /// <summary>The VM that gets IRQ 6 and DMA now: the lease holder, the exclusive owner, or under passthrough the last writer.</summary>
    public VmId Holder => _target?.Id ?? VmId.None;

    /// <summary>
    /// A VM must wait for the controller: stop its vCPU (<c>RequestStop</c>) and do not run it until
    /// <see cref="LeaseGranted"/> names it. Its write is parked, not lost.
    /// </summary>
    public event Action<VmId>? WaitRequested;

    /// <summary>A VM that waited now holds the controller (its parked writes are replayed): run it again.</summary>
    public event Action<VmId>? LeaseGranted;

    /// <summary>
    /// Connects a VM: <paramref name="irq6"/> is IRQ 6 of its PIC, <paramref name="dma"/> its own DMA
    /// controller (programmed through its own ports, reaching its own memory). Map the returned port
    /// device on the VM's port bus (<see cref="FdcPort.MapOn"/>).
    /// </summary>
    public FdcPort Connect(VmId vm, IIrqLine irq6, IDmaController dma, ICallerLocation? caller = null)
    {
        if ((uint)vm.Value >= (uint)_table.Vms.Count)
            throw new ArgumentOutOfRangeException(nameof(vm), vm.Value, "add the VM to the management table first");
        if (vm.Value >= _vms.Length) Array.Resize(ref _vms, Math.Max(vm.Value + 1, _vms.Length * 2));
        if (_vms[vm.Value] is not null) throw new InvalidOperationException($"VM {_table.Vm(vm).Name} is already connected to {Options.DeviceName}");
        var state = new FdcVmState(vm, irq6, dma, caller);
        _vms[vm.Value] = state;
        return new FdcPort(this, state);
    }

    /// <summary>The VM waits for the lease (or the exclusive owner).</summary>
    public bool IsWaiting(VmId vm) => State(vm).Waiting;

    /// <summary>Writes of the VM parked until it gets the controller.</summary>
    public int ParkedWrites(VmId vm) => State(vm).ParkedCount;

    /// <summary>Writes of the VM dropped because its parking queue was full.</summary>
    public long DroppedWrites(VmId vm) => State(vm).ParkedDropped;

    /// <summary>Times a lease was taken from a holder whose command made no progress for <see cref="SharedFdcOptions.LeaseTimeoutNs"/> while another VM waited.</summary>
    public long LeaseTimeouts { get; private set; }

    /// <summary>Seeks the monitor made to put a drive's heads back where the VM getting the lease had left them.</summary>
    public long SeeksBack { get; private set; }

    public long NextEventNs
    {
        get
        {
            long next = Controller.NextEventNs;
            if (_target is not null && _lease is { WaitingCount: > 0 })
            {
                if (Options.ControllerPolicy == FieldPolicy.Exclusive && ControllerQuiet())
                    next = Math.Min(next, _ownerLastUseNs + Options.ExclusiveHoldNs);
                else if (Options.ControllerPolicy == FieldPolicy.Lease)
                    next = Math.Min(next, _holderProgressNs + Options.LeaseTimeoutNs);
            }
            return next;
        }
    }

    public void Advance(long nowNs)
    {
        Controller.Advance(nowNs);
        if (Options.ControllerPolicy == FieldPolicy.Exclusive) ExpireOwner(nowNs);
        else if (Options.ControllerPolicy == FieldPolicy.Lease)
        {
            if (_seekingBack is not null) ContinueHeadsBack();
            Reconcile();
            TimeOutHolder(nowNs);
        }
    }

    /// <summary>
    /// Lease: takes the controller from a holder whose command has made no progress for the time-out
    /// (polling the status is none) while another VM waits. The controller is reset (its polling statuses
    /// sensed with nobody's IRQ line attached) and handed on; the holder is owed a reset, which it
    /// gets with the lease at its next access, as if the controller had been reset under it: its
    /// BIOS then sees a failed command and retries, as it would on real hardware.
    /// </summary>
    private void TimeOutHolder(long now)
    {
        // Reconcile has just handed on a holder that was done; one still here has work unfinished
        // (or holds the controller in reset), which the reset below ends either way.
        if (_target is not { } holder || _lease!.WaitingCount == 0 || now - _holderProgressNs < Options.LeaseTimeoutNs) return;
        LeaseTimeouts++;
        holder.ResetOwed = true;
        DrainWithReset();
        Release(holder, CsIp.Unknown);
    }

    /// <summary>
    /// The VM leaves (powered off): it stops waiting, its parked writes are dropped, its motors are
    /// released, and if it held the controller with work unfinished the controller is reset (the
    /// polling statuses sensed on its behalf) and handed to the next VM.
    /// </summary>
    public void Retire(VmId vm)
    {
        var v = State(vm);
        if (v.Retired) return;
        var at = CsIp.Unknown;
        v.Retired = true;
        v.ParkedCount = 0;
        v.Assembling = false;
        if (_seekingBack == v)
        {
            // It holds the lease while its heads go back: end the seek and hand the lease on.
            _seekingBack = null;
            v.Waiting = false;
            DrainWithReset();
            Release(v, at);
            return;
        }
        if (v.Waiting && _lease is not null)
        {
            _table.Withdraw(_lease, vm, at);
            v.Waiting = false;
        }
        if (Options.ControllerPolicy != FieldPolicy.Exclusive)
        {
            for (int i = 0; i < _motors.Length; i++)
                if (_motors[i].Requested(vm) > 0) _table.Request(_motors[i], vm, 0, at);
            ApplyDor(null);
        }
        if (_target != v) return;
        if (_lease is null)
        {
            Retarget(null);
            return;
        }
        if (!ControllerQuiet() && !Controller.ResetAsserted) DrainWithReset();
        Release(v, at);
    }

    internal byte Read(FdcVmState v, ushort port)
    {
        int offset = port - Controller.BasePort;
        if (v.Retired) return 0xFF;
        switch (Options.ControllerPolicy)
        {
            case FieldPolicy.Passthrough:
                return Controller.Read(port);
            case FieldPolicy.Exclusive:
                ExpireOwner(_clock.NowNs);
                if (_target is null) Own(v, v.At);
                if (_target == v)
                {
                    _ownerLastUseNs = _clock.NowNs;
                    return offset == Fdc82077.DorOffset ? v.Dor : Controller.Read(port);
                }
                return OwnView(v, offset, port);
            default:
                if (offset == Fdc82077.DorOffset) return v.Dor;
                if (offset == Fdc82077.DirCcrOffset) return DiskChange(v);
                if (v.Waiting || v.Assembling || (_target != v && (!ControllerFree || OwnReset(v)))) return OwnView(v, offset, port);
                // Reading the status is no progress (a guest can poll for ever); a result byte taken is.
                if (_target == v && offset == Fdc82077.FifoOffset && Controller.Phase == FdcPhase.Result) _holderProgressNs = _clock.NowNs;
                byte value = Controller.Read(port);
                if (_target == v && offset == Fdc82077.FifoOffset) Reconcile();
                return value;
        }
    }

    internal void Write(FdcVmState v, ushort port, byte value)
    {
        if (v.Retired) return;
        var at = v.At;
        switch (Options.ControllerPolicy)
        {
            case FieldPolicy.Passthrough: WritePassthrough(v, port, value, at); break;
            case FieldPolicy.Exclusive: WriteExclusive(v, port, value, at); break;
            default: WriteLease(v, port, value, at); break;
        }
    }

    private void WritePassthrough(FdcVmState v, ushort port, byte value, CsIp at)
    {
        Retarget(v);
        int offset = port - Controller.BasePort;
        switch (offset)
        {
            case Fdc82077.DorOffset:
                WriteDorFields(v, value, at);
                break;
            case Fdc82077.MsrDsrOffset:
            case Fdc82077.DirCcrOffset:
                _table.Request(_rate, v.Id, value & 3, at);
                Controller.Write(port, value);
                break;
            default:
                Controller.Write(port, value);
                break;
        }
    }

    private void WriteExclusive(FdcVmState v, ushort port, byte value, CsIp at)
    {
        long now = _clock.NowNs;
        ExpireOwner(now);
        if (_target is null) Own(v, at);
        if (_target != v)
        {
            if (port - Controller.BasePort == Fdc82077.DorOffset) v.Dor = value; // its own view meanwhile
            if (!v.Waiting)
            {
                _table.Acquire(_lease!, v.Id, at);
                v.Waiting = true;
                Park(v, port, value, at);
                WaitRequested?.Invoke(v.Id);
            }
            else Park(v, port, value, at);
            return;
        }
        _ownerLastUseNs = now;
        WritePassthrough(v, port, value, at);
    }

    private void WriteLease(FdcVmState v, ushort port, byte value, CsIp at)
    {
        switch (port - Controller.BasePort)
        {
            case Fdc82077.DorOffset:
            {
                bool ownReset = OwnReset(v);
                bool wantsReset = (value & (byte)DorBits.NotReset) == 0;
                if (wantsReset) DropAssembled(v);
                if (v.Waiting || (ownReset != wantsReset && !TryAcquire(v, at)))
                {
                    // Waits: the fields stay in its column (motors act at once); a reset it releases
                    // meanwhile is owed to it as a whole pulse when it gets the lease.
                    if (ownReset && !wantsReset) v.ResetOwed = true;
                    WriteDorFields(v, value, at);
                    break;
                }
                bool pulse = ownReset && !wantsReset && !Controller.ResetAsserted;
                if (ownReset != wantsReset) _holderProgressNs = _clock.NowNs; // a reset ends or starts work
                WriteDorFields(v, value, at);
                if (pulse && _target == v) Pulse(v);
                break;
            }
            case Fdc82077.FifoOffset:
                if (!v.Waiting && v.Assembling)
                {
                    // The drive byte of a command that needs the heads where this VM left them.
                    Park(v, port, value, at);
                    v.Assembling = false;
                    v.PendingDrive = value & 3;
                    if (TryAcquire(v, at)) ReplayParked(v);
                    break;
                }
                if (!v.Waiting && _target != v && !OwnReset(v) && !v.ResetOwed
                    && NeedsHeadsWhereLeft((FdcCommand)(value & (byte)FdcCommandFlags.CommandMask), value))
                {
                    // Held until its drive byte says which drive it needs (its own controller takes command bytes meanwhile).
                    Park(v, port, value, at);
                    v.Assembling = true;
                    break;
                }
                if (v.Waiting || !TryAcquire(v, at))
                {
                    Park(v, port, value, at);
                    break;
                }
                NoteDrive(v, value);
                _holderProgressNs = _clock.NowNs;
                if (Controller.Phase == FdcPhase.Idle && (value & (byte)FdcCommandFlags.CommandMask) != (byte)FdcCommand.SenseInterruptStatus)
                    v.ResetSequence = false;
                Controller.Write(port, value);
                break;
            case Fdc82077.MsrDsrOffset:
                if ((value & 0x80) != 0)
                {
                    DropAssembled(v);
                    if (v.Waiting || !TryAcquire(v, at))
                    {
                        Park(v, port, value, at);
                        break;
                    }
                    _table.Request(_rate, v.Id, value & 3, at);
                    _holderProgressNs = _clock.NowNs;
                    Controller.Write(port, value);
                    v.ResetSequence = true;
                    break;
                }
                _table.Request(_rate, v.Id, value & 3, at);
                if (!v.Waiting && (ControllerFree || _target == v)) Controller.Write(port, value);
                break;
            case Fdc82077.DirCcrOffset:
                _table.Request(_rate, v.Id, value & 3, at);
                if (!v.Waiting && (ControllerFree || _target == v)) Controller.Write(port, value);
                break;
            case Fdc82077.TdrOffset:
                if (!v.Waiting && (ControllerFree || _target == v)) Controller.Write(port, value);
                break;
        }
        Reconcile();
    }

    /// <summary>
    /// Gets the lease for <paramref name="v"/> unless another VM holds it; then the VM is told to wait
    /// and false returned. It also waits while the drive its command needs is sought back
    /// (<see cref="NeedsHeadsBack"/>).
    /// </summary>
    private bool TryAcquire(FdcVmState v, CsIp at)
    {
        if (_target == v) return true;
        if (_table.Acquire(_lease!, v.Id, at) != LeaseOutcome.Waiting)
        {
            if (NeedsHeadsBack(v))
            {
                v.Waiting = true;
                WaitRequested?.Invoke(v.Id);
                StartHeadsBack(v);
                return false;
            }
            Retarget(v);
            if (v.ResetOwed) TakeOver(v); // its lease was timed out (TimeOutHolder): the controller was reset meanwhile
            return true;
        }
        v.Waiting = true;
        WaitRequested?.Invoke(v.Id);
        return false;
    }

    /// <summary>No VM holds the controller, and the monitor is not using it either.</summary>
    private bool ControllerFree => _target is null && _seekingBack is null;

    /// <summary>Notes the drive a holder's command addresses (its second byte's drive select), for <see cref="RecordHeads"/>.</summary>
    private void NoteDrive(FdcVmState v, byte value)
    {
        if (Controller.Phase == FdcPhase.Idle)
        {
            var command = (FdcCommand)(value & (byte)FdcCommandFlags.CommandMask);
            v.CommandOpened = command is FdcCommand.Specify or FdcCommand.SenseInterruptStatus or FdcCommand.DumpRegisters
                or FdcCommand.Version or FdcCommand.PerpendicularMode or FdcCommand.Configure or FdcCommand.Lock
                ? null
                : command;
            return;
        }
        if (v.CommandOpened is not null && Controller.Phase == FdcPhase.Command) v.DrivesUsed |= 1 << (value & 3);
        v.CommandOpened = null;
    }

    /// <summary>
    /// Where the holder leaves the heads of the drives it used under this lease: its BIOS expects them
    /// there next time. A drive it did not touch keeps the place it was left before (another VM may
    /// have moved it meanwhile, which is no move of this VM's).
    /// </summary>
    private void RecordHeads(FdcVmState v)
    {
        for (int d = 0; d < Fdc82077.DriveCount; d++)
            if ((v.DrivesUsed >> d & 1) != 0) v.Heads[d] = Controller.Drive(d)?.Cylinder ?? -1;
        v.DrivesUsed = 0;
    }

    /// <summary>Whether another VM moved the heads of drive <paramref name="d"/> since <paramref name="v"/> left them (and a seek can bring them back).</summary>
    private bool Moved(FdcVmState v, int d)
    {
        if (d < 0 || v.Heads[d] < 0 || Controller.Drive(d) is not { } drive || drive.Cylinder == v.Heads[d]) return false;
        int ncn = Controller.PresentCylinder(d) + v.Heads[d] - drive.Cylinder;
        return ncn is >= 0 and <= 255;
    }

    /// <summary>
    /// The commands that work on the track under the heads, where the VM's BIOS believes it left them
    /// (it seeks only when it must): reads, writes, verify, READ ID, FORMAT, a relative SEEK, and SENSE
    /// DRIVE STATUS (its track-0 bit). An absolute SEEK or RECALIBRATE moves the heads itself.
    /// </summary>
    private static bool NeedsHeadsWhereLeft(FdcCommand command, byte value) => command switch
    {
        FdcCommand.ReadData or FdcCommand.ReadDeletedData or FdcCommand.WriteData or FdcCommand.WriteDeletedData
            or FdcCommand.Verify or FdcCommand.ReadId or FdcCommand.FormatTrack or FdcCommand.SenseDriveStatus
            or FdcCommand.ReadTrack or FdcCommand.ScanEqual or FdcCommand.ScanLowOrEqual or FdcCommand.ScanHighOrEqual => true,
        FdcCommand.Seek => (value & 0x80) != 0, // relative seek
        _ => false,
    };

    /// <summary>
    /// Whether the heads must go back for <paramref name="v"/> before its command: the drive the
    /// command addresses (<see cref="FdcVmState.PendingDrive"/>) was moved by another VM, and the
    /// controller can seek now. Not when it resets the controller (or is owed a reset): a BIOS
    /// recalibrates after a reset. Only that drive: a VM that once touched a drive another OS uses
    /// (a BIOS probing every unit at boot) must not drag its heads back before each of its commands.
    /// </summary>
    private bool NeedsHeadsBack(FdcVmState v) =>
        Options.ControllerPolicy == FieldPolicy.Lease && !OwnReset(v) && !v.ResetOwed && !Controller.ResetAsserted &&
        Controller.Phase == FdcPhase.Idle && !Controller.InterruptPending && Controller.SeekingDrives == 0 &&
        Moved(v, v.PendingDrive);

    /// <summary>A command held by <see cref="FdcVmState.Assembling"/> is dropped: the VM reset its controller.</summary>
    private static void DropAssembled(FdcVmState v)
    {
        if (!v.Assembling) return;
        v.Assembling = false;
        v.ParkedCount = 0;
    }

    /// <summary>The VM (now the holder) gets its parked writes through, in order.</summary>
    private void ReplayParked(FdcVmState v)
    {
        int count = v.ParkedCount;
        v.ParkedCount = 0;
        v.PendingDrive = -1;
        for (int i = 0; i < count; i++)
        {
            var w = v.Parked[i];
            if (Options.ControllerPolicy == FieldPolicy.Exclusive)
            {
                _ownerLastUseNs = _clock.NowNs;
                WritePassthrough(v, w.Port, w.Value, w.At);
            }
            else WriteLease(v, w.Port, w.Value, w.At);
        }
    }

    /// <summary>Seeks the drive of <paramref name="v"/>'s command (the VM holds the lease in the table) back, on nobody's IRQ line.</summary>
    private void StartHeadsBack(FdcVmState v)
    {
        _seekingBack = v;
        Retarget(null);
        SeekNextBack();
    }

    private void SeekNextBack()
    {
        var v = _seekingBack!;
        int d = v.PendingDrive;
        if (Controller.ResetAsserted || !Moved(v, d))
        {
            _seekingBack = null;
            FinishGrant(v);
            return;
        }
        int ncn = Controller.PresentCylinder(d) + v.Heads[d] - Controller.Drive(d)!.Cylinder;
        ushort fifo = (ushort)(Controller.BasePort + Fdc82077.FifoOffset);
        Controller.Write(fifo, (byte)FdcCommand.Seek);
        Controller.Write(fifo, (byte)d);
        Controller.Write(fifo, (byte)ncn);
        SeeksBack++;
    }

    /// <summary>A seek back has ended: its status is sensed (for nobody) and the next drive goes, or the VM gets the controller.</summary>
    private void ContinueHeadsBack()
    {
        if (Controller.SeekingDrives != 0) return;
        ushort fifo = (ushort)(Controller.BasePort + Fdc82077.FifoOffset);
        while (Controller.PendingSenseDrives != 0 && Controller.Phase == FdcPhase.Idle)
        {
            Controller.Write(fifo, (byte)FdcCommand.SenseInterruptStatus);
            while (Controller.Phase == FdcPhase.Result) Controller.Read(fifo);
        }
        SeekNextBack();
    }

    /// <summary>A whole reset pulse for the holder, whose own controller was in reset: it gets IRQ 6 and the polling statuses.</summary>
    private void Pulse(FdcVmState v)
    {
        Controller.WriteDor((byte)(Controller.Dor & ~(byte)DorBits.NotReset));
        Controller.WriteDor((byte)(Controller.Dor | (byte)DorBits.NotReset));
        v.ResetSequence = true;
    }

    private static bool OwnReset(FdcVmState v) => (v.Dor & (byte)DorBits.NotReset) == 0;

    private void Park(FdcVmState v, ushort port, byte value, CsIp at)
    {
        if (v.ParkedCount == FdcVmState.MaxParked)
        {
            v.ParkedDropped++;
            return;
        }
        v.Parked[v.ParkedCount++] = new ParkedWrite(port, value, at);
    }

    private void WriteDorFields(FdcVmState v, byte value, CsIp at)
    {
        v.Dor = value;
        for (int i = 0; i < _motors.Length; i++) _table.Request(_motors[i], v.Id, value >> (4 + i) & 1, at);
        _table.Request(_select, v.Id, value & (byte)DorBits.DriveSelectMask, at);
        _table.Request(_gate, v.Id, (value & (byte)DorBits.DmaGate) != 0 ? 1 : 0, at);
        _table.Request(_reset, v.Id, (value & (byte)DorBits.NotReset) == 0 ? 1 : 0, at);
        ApplyDor(v);
    }

    /// <summary>Writes the DOR composed from the effective values if it differs from the controller's.</summary>
    private void ApplyDor(FdcVmState? writer)
    {
        int dor = _select.Effective & 3;
        if (_reset.Effective == 0) dor |= (int)DorBits.NotReset;
        if (_gate.Effective != 0) dor |= (int)DorBits.DmaGate;
        for (int i = 0; i < _motors.Length; i++)
            if (_motors[i].Effective != 0) dor |= 0x10 << i;
        if (dor == Controller.Dor) return;
        bool wasReset = Controller.ResetAsserted;
        Controller.WriteDor((byte)dor);
        if (wasReset && !Controller.ResetAsserted && writer is not null && writer == _target) writer.ResetSequence = true;
    }

    private byte OwnView(FdcVmState v, int offset, ushort port)
    {
        switch (offset)
        {
            case Fdc82077.DorOffset: return v.Dor;
            case Fdc82077.DirCcrOffset: return DiskChange(v);
            case Fdc82077.MsrDsrOffset:
                if (v.ParkedCount > 0 && v.Parked[v.ParkedCount - 1].Port == port + 1)
                    return (byte)(MsrBits.RequestForMaster | MsrBits.CommandBusy); // taking command bytes
                if (OwnReset(v)) return 0; // its own controller is in reset
                return (byte)MsrBits.RequestForMaster;
            case Fdc82077.FifoOffset: return 0;
            default: return Controller.Read(port);
        }
    }

    private byte DiskChange(FdcVmState v) =>
        Controller.Drive(v.Dor & (byte)DorBits.DriveSelectMask) is { DiskChanged: true } ? (byte)0x80 : (byte)0x00;

    /// <summary>The controller has nothing in progress and nothing to report.</summary>
    private bool ControllerQuiet() =>
        Controller.Phase is FdcPhase.Idle or FdcPhase.Reset && !Controller.InterruptPending && Controller.SeekingDrives == 0;

    /// <summary>Lease: hands the lease on while the holder is done with the controller.</summary>
    private void Reconcile()
    {
        if (_reconciling || _lease is null) return;
        _reconciling = true;
        try
        {
            while (_target is { } holder && HolderDone(holder))
            {
                if (!Release(holder, holder.At)) break;
            }
        }
        finally
        {
            _reconciling = false;
        }
    }

    private bool HolderDone(FdcVmState holder)
    {
        if (!ControllerQuiet() || Controller.ResetAsserted) return false;
        if (holder.ResetSequence && Controller.PendingSenseDrives != 0) return false;
        holder.ResetSequence = false;
        return true;
    }

    /// <summary>Releases the lease of <paramref name="v"/>; grants it to the next waiter. Returns whether someone got it.</summary>
    private bool Release(FdcVmState v, CsIp at)
    {
        RecordHeads(v);
        var next = _table.Release(_lease!, v.Id, at);
        Retarget(null);
        if (next.IsNone) return false;
        Grant(State(next));
        return true;
    }

    /// <summary>The table already gave the lease to <paramref name="v"/> and moved its column into the effective values.</summary>
    private void Grant(FdcVmState v)
    {
        if (NeedsHeadsBack(v)) StartHeadsBack(v); // FinishGrant when they are back
        else FinishGrant(v);
    }

    private void FinishGrant(FdcVmState v)
    {
        Retarget(v);
        v.Waiting = false;
        // Exclusive leaves the controller as the last owner left it; a lease applies the new holder's column.
        if (Options.ControllerPolicy == FieldPolicy.Lease) TakeOver(v);
        else _ownerLastUseNs = _clock.NowNs;
        v.ResetOwed = false;
        ReplayParked(v);
        LeaseGranted?.Invoke(v.Id);
    }

    /// <summary>Lease: the controller as the new holder <paramref name="v"/> left it in its column (DOR, data rate), and the reset it is owed.</summary>
    private void TakeOver(FdcVmState v)
    {
        ApplyDor(v);
        if (_rate.Effective != (int)Controller.DataRate)
            Controller.Write((ushort)(Controller.BasePort + Fdc82077.DirCcrOffset), (byte)_rate.Effective);
        if (v.ResetOwed && !Controller.ResetAsserted) Pulse(v);
        v.ResetOwed = false;
    }

    /// <summary>Exclusive: the first VM to touch the free controller owns it.</summary>
    private void Own(FdcVmState v, CsIp at)
    {
        _table.Acquire(_lease!, v.Id, at);
        Retarget(v);
        _ownerLastUseNs = _clock.NowNs;
    }

    /// <summary>Exclusive: the owner loses the controller once it has left it quiet for the hold time.</summary>
    private void ExpireOwner(long now)
    {
        if (_target is not { } owner || !ControllerQuiet()) return;
        if (now - _ownerLastUseNs < Options.ExclusiveHoldNs) return;
        Release(owner, CsIp.Unknown);
    }

    /// <summary>Resets the controller and senses its polling statuses with nobody's IRQ line attached.</summary>
    private void DrainWithReset()
    {
        Retarget(null);
        Controller.WriteDor((byte)(Controller.Dor & ~(byte)DorBits.NotReset));
        Controller.WriteDor((byte)(Controller.Dor | (byte)DorBits.NotReset));
        ushort fifo = (ushort)(Controller.BasePort + Fdc82077.FifoOffset);
        for (int i = 0; i < Fdc82077.DriveCount && Controller.PendingSenseDrives != 0; i++)
        {
            Controller.Write(fifo, (byte)FdcCommand.SenseInterruptStatus);
            while (Controller.Phase == FdcPhase.Result) Controller.Read(fifo);
        }
    }

    private void Retarget(FdcVmState? v)
    {
        if (v == _target) return;
        _target = v;
        _holderProgressNs = _clock.NowNs;
        _irq.Retarget(v?.Irq);
        _dma.Target = v?.Dma;
    }

    private FdcVmState State(VmId vm) =>
        (uint)vm.Value < (uint)_vms.Length && _vms[vm.Value] is { } s
            ? s
            : throw new ArgumentOutOfRangeException(nameof(vm), vm.Value, $"VM {vm} is not connected to {Options.DeviceName}");
}
