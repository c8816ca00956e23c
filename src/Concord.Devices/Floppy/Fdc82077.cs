using Concord.Devices.Bus;
using Concord.Devices.Dma;

namespace Concord.Devices.Floppy;

/// <summary>
/// Intel 82077AA-compatible floppy disk controller in PC/AT mode at 3F0h-3F5h and 3F7h (3F6h
/// belongs to the hard disk controller), IRQ 6, DMA channel 2, up to four <see cref="FloppyDrive"/>s.
/// </summary>
/// <remarks>
/// <para>Registers: SRA and SRB (PS/2-style status, read-only), DOR (drive select, nRESET,
/// DMAGATE, four motor enables), TDR, MSR (read) / DSR (write: data rate, software reset), FIFO,
/// DIR (read: bit 7 disk change of the drive selected in the DOR) / CCR (write: data rate).</para>
/// <para>Commands: SPECIFY, SENSE DRIVE STATUS, SENSE INTERRUPT STATUS (with the four polling
/// statuses after a reset), RECALIBRATE, SEEK (and relative seek), READ DATA, READ DELETED DATA,
/// WRITE DATA, WRITE DELETED DATA (written as normal data), READ ID, FORMAT TRACK, VERIFY, VERSION,
/// CONFIGURE (implied seek, polling, FIFO settings), LOCK/UNLOCK, DUMPREG, PERPENDICULAR MODE. Any
/// other code (READ TRACK and the SCAN commands included) is answered as invalid: one result byte 80h.
/// Multi-track, EOT and terminal count end transfers as on the chip, with the datasheet's result IDs
/// and status bits (MA, ND, NW, OR, EN; WC for a wrong cylinder; CM for READ DELETED DATA).</para>
/// <para>Mechanics: a data command (read, write, verify, READ ID, format) waits in its execution
/// phase until the selected drive's motor is on and up to speed and a diskette is in; with neither it
/// waits for ever, as the chip does (the BIOS times out and resets). Seeks take the drive's step time
/// per track (or the SPECIFY step rate, whichever is slower) and report through SENSE INTERRUPT
/// STATUS; a failed search costs two revolutions. Data moves at once when the drive is ready.
/// The controller is an <see cref="ITimedDevice"/>: the machine advances it at <see cref="NextEventNs"/>;
/// it also catches up on every port access.</para>
/// <para>The IRQ and DMA requests are gated by DOR bit 3 (DMAGATE), as in PC/AT mode. The four
/// polling statuses after a reset hold the interrupt only until the first SENSE INTERRUPT STATUS
/// (the others stay readable), so a BIOS that senses once still sees the edge of its next seek;
/// a seek's status holds it until sensed. Limitations:
/// DMA mode only (SPECIFY's ND bit is stored, transfers still use DMA); FM recording is not on
/// images (MFM = 0 finds no address marks); raw images hold only the standard layout, so FORMAT
/// TRACK writes the fill byte to the sectors whose IDs match the image's geometry and drops other
/// IDs.</para>
/// </remarks>
public sealed class Fdc82077 : IPortDevice, ITimedDevice
{
    public const ushort PrimaryBasePort = 0x3F0;
    public const int SraOffset = 0;
    public const int SrbOffset = 1;
    public const int DorOffset = 2;
    public const int TdrOffset = 3;
    /// <summary>MSR when read, DSR when written.</summary>
    public const int MsrDsrOffset = 4;
    public const int FifoOffset = 5;
    /// <summary>DIR when read, CCR when written.</summary>
    public const int DirCcrOffset = 7;
    public const int DefaultIrq = 6;
    public const int DefaultDmaChannel = 2;
    /// <summary>The VERSION command's answer for an 82077AA.</summary>
    public const byte Version82077 = 0x90;
    public const int DriveCount = 4;

    private readonly IClock _clock;
    private readonly IIrqLine? _irq;
    private readonly FloppyDrive?[] _drives = new FloppyDrive?[DriveCount];
    private readonly byte[] _cmd = new byte[9];
    private readonly byte[] _res = new byte[10];
    private readonly byte[] _pcn = new byte[DriveCount];
    private readonly byte[] _senseSt0 = new byte[DriveCount];
    private readonly long[] _seekEndNs = [long.MaxValue, long.MaxValue, long.MaxValue, long.MaxValue];
    private readonly byte[] _seekSt0 = new byte[DriveCount];
    private readonly byte[] _sector = new byte[16 * 1024];

    private byte _dor;
    private byte _tdr;
    private byte _precompensation;
    private byte _srt, _hut, _hlt;
    private bool _nonDma;
    private bool _impliedSeek, _fifoDisabled = true, _pollingDisabled, _locked;
    private byte _fifoThreshold, _precompensationTrack, _perpendicular, _lastEot;

    private FdcPhase _phase = FdcPhase.Reset;
    private int _cmdLength, _cmdPos, _resLength, _resPos;
    private bool _resultInterrupt;
    private byte _senseMask, _seekSenseMask, _seekingMask;
    private bool _pollInterrupt;
    private bool _waitingForDrive;
    private long _executionDoneNs = long.MaxValue;
    private bool _irqLevel;

    /// <param name="clock">The machine's clock.</param>
    /// <param name="irq">IRQ 6 of the PIC (gated by DOR DMAGATE); optional.</param>
    /// <param name="dma">The DMA controller serving <paramref name="dmaChannel"/>; may be set later through <see cref="Dma"/>.</param>
    public Fdc82077(IClock clock, IIrqLine? irq, IDmaController? dma, ushort basePort = PrimaryBasePort, int dmaChannel = DefaultDmaChannel)
    {
        _clock = clock;
        _irq = irq;
        Dma = dma;
        BasePort = basePort;
        DmaChannel = dmaChannel;
    }

    public ushort BasePort { get; }

    public int DmaChannel { get; }

    /// <summary>Where data goes; the monitor may redirect it to the DMA of the VM that holds the controller.</summary>
    public IDmaController? Dma { get; set; }

    /// <summary>Raised when <see cref="Phase"/> changes (the monitor's lease follows it).</summary>
    public event Action<FdcPhase>? PhaseChanged;

    public FdcPhase Phase => _phase;

    /// <summary>The command being received, executed or answered (<see cref="FdcCommand.None"/> when idle).</summary>
    public FdcCommand CurrentCommand { get; private set; }

    /// <summary>A command has started and its last result byte is not read yet.</summary>
    public bool CommandInFlight => _phase is FdcPhase.Command or FdcPhase.Execution or FdcPhase.Result;

    /// <summary>Seeks in progress, one bit per drive (the MSR's drive-busy bits).</summary>
    public int SeekingDrives => _seekingMask;

    /// <summary>Interrupt statuses waiting for SENSE INTERRUPT STATUS, one bit per drive.</summary>
    public int PendingSenseDrives => _senseMask;

    /// <summary>The controller asks for an interrupt (before the DMAGATE gate).</summary>
    public bool InterruptPending => _resultInterrupt || _pollInterrupt || _seekSenseMask != 0;

    public byte Dor => _dor;

    /// <summary>DOR bits 7-4: motor enables of drives 3-0, as a 4-bit number.</summary>
    public int MotorBits => _dor >> 4;

    /// <summary>DOR bits 1-0.</summary>
    public int DriveSelect => _dor & (int)DorBits.DriveSelectMask;

    /// <summary>DOR bit 2 clear: the controller is held in reset.</summary>
    public bool ResetAsserted => (_dor & (int)DorBits.NotReset) == 0;

    /// <summary>DOR bit 3: IRQ and DMA requests reach the bus.</summary>
    public bool DmaGate => (_dor & (int)DorBits.DmaGate) != 0;

    public FloppyDataRate DataRate { get; private set; } = FloppyDataRate.Kbps250;

    public FloppyDrive? Drive(int unit) => _drives[unit];

    /// <summary>The present cylinder number the controller keeps for <paramref name="unit"/> (what SENSE INTERRUPT STATUS reports after a seek).</summary>
    public int PresentCylinder(int unit) => _pcn[unit];

    /// <summary>Connects <paramref name="drive"/> as unit <paramref name="unit"/> (0-3), or disconnects it with null.</summary>
    public void Attach(int unit, FloppyDrive? drive)
    {
        if (_drives[unit] is { } old) old.MediaChanged = null;
        _drives[unit] = drive;
        if (drive is null) return;
        drive.MediaChanged = () => CatchUp(_clock.NowNs);
        drive.SetMotor((_dor >> (4 + unit) & 1) != 0);
    }

    public long NextEventNs
    {
        get
        {
            long next = long.MaxValue;
            for (int d = 0; d < DriveCount; d++)
                if ((_seekingMask >> d & 1) != 0 && _seekEndNs[d] < next) next = _seekEndNs[d];
            if (_phase == FdcPhase.Execution)
            {
                if (!_waitingForDrive) next = Math.Min(next, _executionDoneNs);
                else if (_drives[_cmd[1] & 3] is { Media: not null, MotorOn: true } d) next = Math.Min(next, d.ReadyAtNs);
            }
            return next;
        }
    }

    public void Advance(long nowNs) => CatchUp(nowNs);

    public byte Read(ushort port)
    {
        CatchUp(_clock.NowNs);
        switch (port - BasePort)
        {
            case SraOffset: return ReadSra();
            case SrbOffset: return ReadSrb();
            case DorOffset: return _dor;
            case TdrOffset: return _tdr;
            case MsrDsrOffset: return ReadMsr();
            case FifoOffset: return ReadFifo();
            case DirCcrOffset:
                return _drives[DriveSelect] is { DiskChanged: true } ? (byte)0x80 : (byte)0x00;
            default: return 0xFF;
        }
    }

    public void Write(ushort port, byte value)
    {
        long now = _clock.NowNs;
        CatchUp(now);
        switch (port - BasePort)
        {
            case DorOffset: WriteDor(value); break;
            case TdrOffset: _tdr = (byte)(value & 3); break;
            case MsrDsrOffset:
                DataRate = (FloppyDataRate)(value & 3);
                _precompensation = (byte)(value >> 2 & 7);
                if ((value & 0x80) != 0 && _phase != FdcPhase.Reset)
                {
                    EnterReset(); // a DSR software reset clears itself
                    LeaveReset();
                }
                break;
            case FifoOffset: WriteFifo(value, now); break;
            case DirCcrOffset: DataRate = (FloppyDataRate)(value & 3); break;
        }
        CatchUp(now);
    }

    /// <summary>Writes the DOR as the guest would (the monitor composes it from its split fields).</summary>
    public void WriteDor(byte value)
    {
        byte old = _dor;
        _dor = value;
        for (int i = 0; i < DriveCount; i++) _drives[i]?.SetMotor((value >> (4 + i) & 1) != 0);
        bool wasReset = (old & (byte)DorBits.NotReset) == 0;
        bool isReset = (value & (byte)DorBits.NotReset) == 0;
        if (!wasReset && isReset) EnterReset();
        else if (wasReset && !isReset) LeaveReset();
        CatchUp(_clock.NowNs);
    }

    private byte ReadSra()
    {
        var drive = _drives[DriveSelect];
        int value = 0;
        if (InterruptPending) value |= 0x80;
        if (_drives[1] is null) value |= 0x40; // nDRV2
        if (drive is not { Cylinder: 0 }) value |= 0x10; // nTRK0
        value |= 0x04; // nINDEX
        if (drive?.Media is not { WriteProtected: true }) value |= 0x02; // nWP
        return (byte)value;
    }

    private byte ReadSrb() => (byte)(0xC0 | (_dor & 1) << 5 | (_dor >> 4 & 3));

    private byte ReadMsr()
    {
        int msr = _seekingMask;
        switch (_phase)
        {
            case FdcPhase.Reset: return 0;
            case FdcPhase.Idle: msr |= (int)MsrBits.RequestForMaster; break;
            case FdcPhase.Command: msr |= (int)(MsrBits.RequestForMaster | MsrBits.CommandBusy); break;
            case FdcPhase.Execution: msr |= (int)MsrBits.CommandBusy; break;
            case FdcPhase.Result: msr |= (int)(MsrBits.RequestForMaster | MsrBits.DataToCpu | MsrBits.CommandBusy); break;
        }
        return (byte)msr;
    }

    private byte ReadFifo()
    {
        if (_phase != FdcPhase.Result) return 0;
        byte value = _res[_resPos++];
        if (_resPos == 1 && _resultInterrupt)
        {
            _resultInterrupt = false; // reading the first result byte clears the interrupt
            UpdateIrq();
        }
        if (_resPos >= _resLength)
        {
            CurrentCommand = FdcCommand.None;
            SetPhase(FdcPhase.Idle);
        }
        return value;
    }

    private void WriteFifo(byte value, long now)
    {
        if (_phase == FdcPhase.Idle)
        {
            var command = (FdcCommand)(value & (byte)FdcCommandFlags.CommandMask);
            _cmdLength = CommandLength(command);
            if (_cmdLength == 0)
            {
                CurrentCommand = FdcCommand.None;
                SetResult((byte)St0.InvalidCommand);
                return;
            }
            CurrentCommand = command;
            _cmd[0] = value;
            _cmdPos = 1;
            if (_cmdLength == 1) Dispatch(now);
            else SetPhase(FdcPhase.Command);
            return;
        }
        if (_phase != FdcPhase.Command) return; // no bytes are taken in the execution or result phase
        _cmd[_cmdPos++] = value;
        if (_cmdPos == _cmdLength) Dispatch(now);
    }

    private static int CommandLength(FdcCommand command) => command switch
    {
        FdcCommand.Specify => 3,
        FdcCommand.SenseDriveStatus => 2,
        FdcCommand.WriteData or FdcCommand.ReadData or FdcCommand.WriteDeletedData or FdcCommand.ReadDeletedData or FdcCommand.Verify => 9,
        FdcCommand.Recalibrate => 2,
        FdcCommand.SenseInterruptStatus => 1,
        FdcCommand.ReadId => 2,
        FdcCommand.FormatTrack => 6,
        FdcCommand.DumpRegisters => 1,
        FdcCommand.Seek => 3,
        FdcCommand.Version => 1,
        FdcCommand.PerpendicularMode => 2,
        FdcCommand.Configure => 4,
        FdcCommand.Lock => 1,
        _ => 0,
    };

    private void Dispatch(long now)
    {
        int ds = _cmd[1] & 3;
        int hds = _cmd[1] >> 2 & 1;
        switch (CurrentCommand)
        {
            case FdcCommand.Specify:
                _srt = (byte)(_cmd[1] >> 4);
                _hut = (byte)(_cmd[1] & 0x0F);
                _hlt = (byte)(_cmd[2] >> 1);
                _nonDma = (_cmd[2] & 1) != 0;
                Finish();
                break;
            case FdcCommand.SenseDriveStatus:
                SetResult(SenseDriveStatus(ds, hds));
                break;
            case FdcCommand.Recalibrate:
                StartSeek(ds, hds, recalibrate: true, target: 0, now);
                Finish();
                break;
            case FdcCommand.Seek:
            {
                int target = _cmd[2];
                if ((_cmd[0] & 0x80) != 0) // relative seek: DIR (bit 6) 1 = inwards
                    target = Math.Clamp((_cmd[0] & 0x40) != 0 ? _pcn[ds] + _cmd[2] : _pcn[ds] - _cmd[2], 0, 255);
                StartSeek(ds, hds, recalibrate: false, target, now);
                Finish();
                break;
            }
            case FdcCommand.SenseInterruptStatus:
                if (_senseMask == 0)
                {
                    SetResult((byte)St0.InvalidCommand);
                    break;
                }
                int d = System.Numerics.BitOperations.TrailingZeroCount(_senseMask);
                _senseMask &= (byte)~(1 << d);
                _seekSenseMask &= (byte)~(1 << d);
                _pollInterrupt = false; // the polling statuses hold the interrupt only until the first sense
                SetResult(_senseSt0[d], _pcn[d]);
                UpdateIrq();
                break;
            case FdcCommand.Version:
                SetResult(Version82077);
                break;
            case FdcCommand.Configure:
                _impliedSeek = (_cmd[2] & 0x40) != 0;
                _fifoDisabled = (_cmd[2] & 0x20) != 0;
                _pollingDisabled = (_cmd[2] & 0x10) != 0;
                _fifoThreshold = (byte)(_cmd[2] & 0x0F);
                _precompensationTrack = _cmd[3];
                Finish();
                break;
            case FdcCommand.Lock:
                _locked = (_cmd[0] & 0x80) != 0;
                SetResult(_locked ? (byte)0x10 : (byte)0x00);
                break;
            case FdcCommand.PerpendicularMode:
                if ((_cmd[1] & 0x80) != 0) _perpendicular = (byte)(_cmd[1] & 0x3F); // OW: overwrite the drive bits
                else _perpendicular = (byte)(_perpendicular & 0x3C | _cmd[1] & 0x03);
                Finish();
                break;
            case FdcCommand.DumpRegisters:
                SetResult(_pcn[0], _pcn[1], _pcn[2], _pcn[3], (byte)(_srt << 4 | _hut), (byte)(_hlt << 1 | (_nonDma ? 1 : 0)),
                    _lastEot, (byte)((_locked ? 0x80 : 0) | _perpendicular & 0x3F),
                    (byte)((_impliedSeek ? 0x40 : 0) | (_fifoDisabled ? 0x20 : 0) | (_pollingDisabled ? 0x10 : 0) | _fifoThreshold),
                    _precompensationTrack);
                break;
            default:
                // Data commands: the execution phase lasts until the drive is ready and the data has moved.
                _waitingForDrive = true;
                _executionDoneNs = long.MaxValue;
                SetPhase(FdcPhase.Execution);
                break;
        }
    }

    private byte SenseDriveStatus(int ds, int hds)
    {
        var drive = _drives[ds];
        int st3 = ds | hds << 2 | (int)St3.Ready;
        if (drive is not null)
        {
            if (drive.Cylinder == 0) st3 |= (int)St3.Track0;
            if (drive.Media is { } m)
            {
                if (m.WriteProtected) st3 |= (int)St3.WriteProtected;
                if (m.Geometry.Heads == 2) st3 |= (int)St3.TwoSided;
            }
        }
        return (byte)st3;
    }

    private long StepTimeNs(FloppyDrive? drive)
    {
        long rateKbps = DataRate switch
        {
            FloppyDataRate.Kbps500 => 500,
            FloppyDataRate.Kbps300 => 300,
            FloppyDataRate.Kbps250 => 250,
            _ => 1000,
        };
        long specified = (16 - _srt) * 1_000_000L * 500 / rateKbps;
        return Math.Max(specified, drive?.StepNs ?? 0);
    }

    private void StartSeek(int ds, int hds, bool recalibrate, int target, long now)
    {
        var drive = _drives[ds];
        int steps;
        int st0 = (int)St0.SeekEnd | hds << 2 | ds;
        if (recalibrate)
        {
            // The 82077 gives up to 79 step pulses outwards, stopping at the track 0 signal.
            if (drive is null)
            {
                steps = 79;
                st0 |= (int)(St0.AbnormalTermination | St0.EquipmentCheck);
            }
            else
            {
                steps = Math.Min(drive.Cylinder, 79);
                drive.Step(-steps);
                if (drive.Cylinder == 0) _pcn[ds] = 0;
                else st0 |= (int)(St0.AbnormalTermination | St0.EquipmentCheck);
            }
        }
        else
        {
            int delta = target - _pcn[ds];
            drive?.Step(delta);
            steps = Math.Abs(delta);
            _pcn[ds] = (byte)target;
        }
        _seekSt0[ds] = (byte)st0;
        _seekEndNs[ds] = now + steps * StepTimeNs(drive);
        _seekingMask |= (byte)(1 << ds);
    }

    /// <summary>Brings timed work up to <paramref name="now"/>: ended seeks, a drive becoming ready, a finished execution phase.</summary>
    private void CatchUp(long now)
    {
        if (_seekingMask != 0)
        {
            for (int d = 0; d < DriveCount; d++)
            {
                if ((_seekingMask >> d & 1) == 0 || _seekEndNs[d] > now) continue;
                _seekingMask &= (byte)~(1 << d);
                _seekEndNs[d] = long.MaxValue;
                _senseSt0[d] = _seekSt0[d];
                _senseMask |= (byte)(1 << d);
                _seekSenseMask |= (byte)(1 << d);
            }
        }
        if (_phase == FdcPhase.Execution)
        {
            if (_waitingForDrive) TryExecute(now);
            if (!_waitingForDrive && _executionDoneNs <= now)
            {
                _executionDoneNs = long.MaxValue;
                _resultInterrupt = true;
                _resPos = 0;
                SetPhase(FdcPhase.Result);
            }
        }
        UpdateIrq();
    }

    private void TryExecute(long now)
    {
        int ds = _cmd[1] & 3;
        int hds = _cmd[1] >> 2 & 1;
        var drive = _drives[ds];
        if (drive?.Media is null || !drive.MotorOn || now < drive.ReadyAtNs) return;
        _waitingForDrive = false;
        long delay = 0;
        bool dataCommand = CurrentCommand is FdcCommand.ReadData or FdcCommand.ReadDeletedData or FdcCommand.WriteData
            or FdcCommand.WriteDeletedData or FdcCommand.Verify;
        if (_impliedSeek && dataCommand && _cmd[2] != _pcn[ds])
        {
            int delta = _cmd[2] - _pcn[ds];
            drive.Step(delta);
            _pcn[ds] = _cmd[2];
            delay += Math.Abs(delta) * StepTimeNs(drive);
        }
        delay += CurrentCommand switch
        {
            FdcCommand.ReadId => ExecuteReadId(drive, ds, hds, now),
            FdcCommand.FormatTrack => ExecuteFormat(drive, ds, hds),
            _ => ExecuteTransfer(drive, ds, hds),
        };
        _executionDoneNs = now + delay;
    }

    private bool TrackReadable(FloppyDrive drive, int hds, bool mfm)
    {
        var media = drive.Media;
        return media is not null && mfm && drive.MediaCylinder() >= 0 && hds < media.Geometry.Heads
            && media.Geometry.IsReadableAt(DataRate);
    }

    private int TransferDma(Span<byte> buffer, DmaDirection direction, out bool terminalCount)
    {
        terminalCount = false;
        if (!DmaGate || Dma is not { } dma) return 0;
        int done = dma.Transfer(DmaChannel, buffer, direction);
        terminalCount = dma.TerminalCount(DmaChannel);
        return done;
    }

    /// <summary>READ DATA, READ DELETED DATA, WRITE DATA, WRITE DELETED DATA and VERIFY. Returns the time the search took.</summary>
    private long ExecuteTransfer(FloppyDrive drive, int ds, int hds)
    {
        var command = CurrentCommand;
        bool write = command is FdcCommand.WriteData or FdcCommand.WriteDeletedData;
        bool verify = command == FdcCommand.Verify;
        bool readDeleted = command == FdcCommand.ReadDeletedData;
        bool mt = (_cmd[0] & (byte)FdcCommandFlags.MultiTrack) != 0;
        bool mfm = (_cmd[0] & (byte)FdcCommandFlags.Mfm) != 0;
        bool skip = (_cmd[0] & (byte)FdcCommandFlags.Skip) != 0;
        int c = _cmd[2], h = _cmd[3], r = _cmd[4], n = _cmd[5], eot = _cmd[6];
        bool enableCount = verify && (_cmd[1] & 0x80) != 0;
        int sectorCount = _cmd[8];
        _lastEot = (byte)eot;
        var media = drive.Media!;
        var g = media.Geometry;
        St0 st0 = 0;
        St1 st1 = 0;
        St2 st2 = 0;
        long delay = 0;

        if (write && media.WriteProtected)
        {
            st0 = St0.AbnormalTermination;
            st1 = St1.NotWritable;
        }
        else
        {
            while (true)
            {
                if (!TrackReadable(drive, hds, mfm))
                {
                    st0 |= St0.AbnormalTermination;
                    st1 |= St1.MissingAddressMark;
                    delay = 2 * drive.RevolutionNs;
                    break;
                }
                int mc = drive.MediaCylinder();
                if (c != mc || h != hds || n != g.SizeCode || r < 1 || r > g.SectorsPerTrack)
                {
                    st0 |= St0.AbnormalTermination;
                    st1 |= St1.NoData;
                    if (c != mc) st2 |= St2.WrongCylinder;
                    delay = 2 * drive.RevolutionNs;
                    break;
                }
                int index = g.SectorIndex(mc, hds, r);
                int size = g.SectorSize;
                Span<byte> buffer = _sector.AsSpan(0, size);
                bool terminalCount = false;
                bool stopAfterSector = false;
                if (readDeleted)
                {
                    // Images hold only normal data address marks: READ DELETED DATA meets a control mark.
                    st2 |= St2.ControlMark;
                    stopAfterSector = !skip;
                }
                if (write)
                {
                    int got = TransferDma(buffer, DmaDirection.FromMemory, out terminalCount);
                    if (got < size)
                    {
                        if (!terminalCount)
                        {
                            st0 |= St0.AbnormalTermination;
                            st1 |= St1.Overrun;
                            break;
                        }
                        buffer[got..].Clear(); // the rest of a sector cut short by terminal count is zero-filled
                    }
                    if (!media.WriteSector(index, buffer))
                    {
                        st0 |= St0.AbnormalTermination;
                        st1 |= St1.DataError;
                        break;
                    }
                }
                else if (!verify && !(readDeleted && skip))
                {
                    media.ReadSector(index, buffer);
                    int got = TransferDma(buffer, DmaDirection.ToMemory, out terminalCount);
                    if (got < size && !terminalCount)
                    {
                        st0 |= St0.AbnormalTermination;
                        st1 |= St1.Overrun;
                        break;
                    }
                }
                if (enableCount && --sectorCount <= 0) terminalCount = true;
                bool lastOfTrack = r == eot;
                if (terminalCount || stopAfterSector || lastOfTrack)
                {
                    if (!lastOfTrack)
                    {
                        r++;
                    }
                    else if (mt && hds == 0 && !terminalCount && !stopAfterSector)
                    {
                        hds = 1; // multi-track: on to side 1
                        h ^= 1;
                        r = 1;
                        continue;
                    }
                    else if (mt && hds == 0)
                    {
                        h ^= 1;
                        r = 1;
                    }
                    else
                    {
                        c++;
                        if (mt) h ^= 1;
                        r = 1;
                        if (!terminalCount && !stopAfterSector && !(verify && !enableCount))
                        {
                            st0 |= St0.AbnormalTermination;
                            st1 |= St1.EndOfCylinder;
                        }
                    }
                    break;
                }
                r++;
            }
        }
        SetResultBytes((byte)((int)st0 | hds << 2 | ds), (byte)st1, (byte)st2, (byte)c, (byte)h, (byte)r, (byte)n);
        return delay;
    }

    private long ExecuteReadId(FloppyDrive drive, int ds, int hds, long now)
    {
        bool mfm = (_cmd[0] & (byte)FdcCommandFlags.Mfm) != 0;
        if (!TrackReadable(drive, hds, mfm))
        {
            SetResultBytes((byte)((int)St0.AbnormalTermination | hds << 2 | ds), (byte)St1.MissingAddressMark, 0,
                _pcn[ds], (byte)hds, 0, 0);
            return 2 * drive.RevolutionNs;
        }
        var g = drive.Media!.Geometry;
        // The first ID to pass under the head, from the rotation angle at this instant.
        long sectorTime = drive.RevolutionNs / g.SectorsPerTrack;
        int r = (int)(now / sectorTime % g.SectorsPerTrack) + 1;
        SetResultBytes((byte)(hds << 2 | ds), 0, 0, (byte)drive.MediaCylinder(), (byte)hds, (byte)r, (byte)g.SizeCode);
        return 0;
    }

    private long ExecuteFormat(FloppyDrive drive, int ds, int hds)
    {
        int n = _cmd[2], sectors = _cmd[3], fill = _cmd[5];
        var media = drive.Media!;
        var g = media.Geometry;
        St0 st0 = 0;
        St1 st1 = 0;
        byte c = 0, h = 0, r = 0;
        if (media.WriteProtected)
        {
            st0 = St0.AbnormalTermination;
            st1 = St1.NotWritable;
        }
        else
        {
            Span<byte> ids = _sector.AsSpan(0, 4 * sectors);
            int got = TransferDma(ids, DmaDirection.FromMemory, out _);
            if (got < ids.Length)
            {
                st0 = St0.AbnormalTermination;
                st1 = St1.Overrun;
                sectors = got / 4;
            }
            int mc = drive.MediaCylinder();
            Span<byte> data = _sector.AsSpan(4096, g.SectorSize);
            data.Fill((byte)fill);
            for (int i = 0; i < sectors; i++)
            {
                c = ids[4 * i]; h = ids[4 * i + 1]; r = ids[4 * i + 2];
                byte idN = ids[4 * i + 3];
                bool fits = mc >= 0 && c == mc && h == hds && idN == g.SizeCode && n == g.SizeCode && hds < g.Heads;
                int index = fits ? g.SectorIndex(mc, hds, r) : -1;
                if (index >= 0 && !media.WriteSector(index, data))
                {
                    st0 = St0.AbnormalTermination;
                    st1 |= St1.DataError;
                    break;
                }
            }
        }
        SetResultBytes((byte)((int)st0 | hds << 2 | ds), (byte)st1, 0, c, h, r, (byte)n);
        return 0;
    }

    private void SetResultBytes(byte st0, byte st1, byte st2, byte c, byte h, byte r, byte n)
    {
        _res[0] = st0; _res[1] = st1; _res[2] = st2; _res[3] = c; _res[4] = h; _res[5] = r; _res[6] = n;
        _resLength = 7;
    }

    private void SetResult(params ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_res);
        _resLength = bytes.Length;
        _resPos = 0;
        SetPhase(FdcPhase.Result);
    }

    private void Finish()
    {
        CurrentCommand = FdcCommand.None;
        SetPhase(FdcPhase.Idle);
    }

    private void EnterReset()
    {
        CurrentCommand = FdcCommand.None;
        _resultInterrupt = false;
        _senseMask = 0;
        _seekSenseMask = 0;
        _pollInterrupt = false;
        _seekingMask = 0;
        for (int d = 0; d < DriveCount; d++) _seekEndNs[d] = long.MaxValue;
        _waitingForDrive = false;
        _executionDoneNs = long.MaxValue;
        _cmdPos = _resPos = _resLength = 0;
        _perpendicular &= 0x3C; // GAP and WGATE clear; the drive bits survive
        if (!_locked)
        {
            _impliedSeek = false;
            _fifoDisabled = true;
            _pollingDisabled = false;
            _fifoThreshold = 0;
            _precompensationTrack = 0;
        }
        SetPhase(FdcPhase.Reset);
        UpdateIrq();
    }

    private void LeaveReset()
    {
        SetPhase(FdcPhase.Idle);
        if (!_pollingDisabled)
        {
            // Drive polling after reset reports a ready change on each of the four drives.
            for (int d = 0; d < DriveCount; d++) _senseSt0[d] = (byte)((int)St0.AbnormalPolling | d);
            _senseMask = 0x0F;
            _pollInterrupt = true;
        }
        UpdateIrq();
    }

    private void SetPhase(FdcPhase phase)
    {
        if (phase == _phase) return;
        _phase = phase;
        PhaseChanged?.Invoke(phase);
    }

    private void UpdateIrq()
    {
        bool level = InterruptPending && DmaGate && _phase != FdcPhase.Reset;
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq?.Set(level);
    }
}
