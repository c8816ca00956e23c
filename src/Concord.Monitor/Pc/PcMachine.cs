using System.Collections.Concurrent;
using System.Diagnostics;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Cmos;
using Concord.Devices.Debug;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Power;
using Concord.Devices.Video;
using Concord.Engines.Interpreter;

namespace Concord.Monitor.Pc;

/// <summary>
/// One PC/AT-class machine: 640 KiB of RAM, 32 KiB of colour text memory at B8000h, the Concord
/// BIOS in ROM at F0000h, one interpreter vCPU (8086 or 80286), and the devices of docs/devices.md
/// on one port bus: PIC pair, PIT with port 61h, DMA, floppy controller with drives A: and B:,
/// 8042 keyboard controller, text video, CMOS/RTC, power relay, debug console (E9h) and debug exit
/// (F4h). It boots as a PC does: from F000:FFF0 through the BIOS's POST to INT 19h.
/// </summary>
/// <remarks>
/// <para><b>Wiring.</b> The PIC's INTR drives the vCPU's INTR; the vCPU acknowledges through the
/// PIC only while INTR is asserted. DMA channel 2 serves the floppy controller (IRQ 6). The 8042's
/// output port drives the memory map's A20 gate; the machine turns A20 off at power-on, as an AT
/// BIOS leaves it, for both models (the 8086 model has 20 address lines anyway). The CMOS reports
/// the drive types and 640 KiB of base memory. A write to the power relay ends the run; the 8042's
/// reset pulse restarts the CPU at F000:FFF0 (devices keep their state; the BIOS re-initialises them).</para>
/// <para><b>Time.</b> With the virtual clock, time is instructions × <see cref="PcMachineOptions.NsPerInstruction"/>
/// plus time skipped while the CPU halts with interrupts enabled: the machine jumps straight to the
/// next device event, so waiting costs no host time and the same inputs give the same run. With the
/// realtime clock, time is the host's monotonic clock and a halted CPU sleeps until the next event
/// or host input.</para>
/// <para><b>Run loop.</b> The vCPU runs in slices that end at the next device event (the earliest
/// <see cref="ITimedDevice.NextEventNs"/> of PIT, FDC and RTC); between slices the machine advances
/// the devices, feeds keys, checks automation steps, the time limit and cancellation. Guest faults
/// end the run as a <see cref="PcOutcome"/>, never as an exception.</para>
/// <para><b>Disks.</b> Images are written through on every sector write; the machine fsyncs them at
/// the end of each <see cref="Run"/> and closes them in <see cref="Dispose"/>. Not thread-safe,
/// except <see cref="PostKeyDown"/>, <see cref="PostKeyUp"/>, <see cref="PostText"/> and
/// <see cref="RequestQuit"/>, which other threads may call while <see cref="Run"/> runs.</para>
/// </remarks>
public sealed class PcMachine : IDisposable
{
    public const int RamSize = 640 * 1024;
    public const uint TextMemoryAddress = 0xB8000;
    public const int TextMemorySize = 32 * 1024;

    /// <summary>How many bytes at CS:IP an invalid-opcode or shutdown report shows.</summary>
    public const int ReportedCodeBytes = 6;

    /// <summary>Realtime clock: instructions per slice between looks at the host clock.</summary>
    public const long RealtimeSliceInstructions = 20_000;

    /// <summary>How often (machine time) an <see cref="AutomationStep.Expect"/> step looks at the screen.</summary>
    public const long ExpectCheckIntervalNs = 1_000_000;

    // BIOS data area: the keyboard buffer's head and tail pointers.
    private const uint BdaKeyboardHead = 0x41A;
    private const uint BdaKeyboardTail = 0x41C;
    private const uint BdaKeyboardStart = 0x480;

    private readonly PcMachineOptions _options;
    private readonly MachineClock _clock;
    private readonly VirtualClock? _virtualClock;
    private readonly MemoryBlock _ram;
    private readonly MemoryBlock _textRam;
    private readonly MemoryBlock _rom;
    private readonly MemoryMap _memory;
    private readonly PortBus _ports;
    private readonly PcPortBus _cpuPorts;
    private readonly Pic8259Pair _pic;
    private readonly Pit8254 _pit;
    private readonly Fdc82077 _fdc;
    private readonly Kbc8042 _kbc;
    private readonly Rtc146818 _rtc;
    private readonly TextVideo _video;
    private readonly PowerRelay _power;
    private readonly DebugConsole _console;
    private readonly DebugExit _debugExit;
    private readonly Interpreter _cpu;
    private readonly ITimedDevice[] _timed;
    private readonly FloppyImage?[] _images = new FloppyImage?[2];
    private readonly ConcurrentQueue<HostInput> _input = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private volatile bool _quitRequested;
    private bool _resetRequested;
    private long _consoleFlushed;
    private bool _disposed;

    /// <summary>Builds the machine and opens the images.</summary>
    /// <exception cref="FloppyImageException">An image is missing, unreadable, of no diskette size, or held by another process.</exception>
    public PcMachine(PcMachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;

        try
        {
            if (options.FloppyA is { } a) _images[0] = FloppyImage.Open(a, options.ReadOnlyA);
            if (options.FloppyB is { } b) _images[1] = FloppyImage.Open(b, options.ReadOnlyB);
        }
        catch
        {
            foreach (var image in _images) image?.Dispose();
            throw;
        }

        if (options.Clock == ClockKind.Virtual) _clock = _virtualClock = new VirtualClock(options.NsPerInstruction);
        else _clock = new RealtimeClock();

        // Memory: RAM, text memory, the BIOS ROM (mirrored below 16 MiB for the 80286, as on an AT).
        _ram = new MemoryBlock(RamSize);
        _textRam = new MemoryBlock(TextMemorySize);
        _rom = new MemoryBlock(BiosImage.Size);
        _memory = new MemoryMap();
        _memory.MapRam(0, _ram, 0, RamSize);
        _memory.MapRam(TextMemoryAddress, _textRam, 0, TextMemorySize);
        _memory.MapRom(BiosImage.Address, _rom, 0, BiosImage.Size);
        _memory.MapRom(0xFF0000, _rom, 0, BiosImage.Size);
        _memory.Load(BiosImage.Address, BiosImage.Load());

        // Devices.
        var intr = new CpuIntrLine();
        _pic = new Pic8259Pair(intr);
        _pit = new Pit8254(_clock, _pic.Irq(0));
        var portB = new SystemControlPortB(_pit, _clock);
        var dma = new Dma8237(new MemoryMapDmaMemory(_memory));
        _fdc = new Fdc82077(_clock, _pic.Irq(Fdc82077.DefaultIrq), dma);
        FloppyDriveType typeA = options.DriveTypeA ?? DriveTypeFor(_images[0]);
        FloppyDriveType typeB = options.DriveTypeB ?? (_images[1] is null ? FloppyDriveType.None : DriveTypeFor(_images[1]));
        _fdc.Attach(0, new FloppyDrive(_clock, typeA));
        if (typeB != FloppyDriveType.None) _fdc.Attach(1, new FloppyDrive(_clock, typeB));
        for (int unit = 0; unit < 2; unit++)
            if (_images[unit] is { } image) _fdc.Drive(unit)!.Insert(image);

        _kbc = new Kbc8042(_pic.Irq(Kbc8042.DefaultIrq));
        _kbc.A20Changed += on => _memory.A20 = on;
        _kbc.ResetRequested += () =>
        {
            _resetRequested = true;
            _cpu?.RequestStop();
        };
        _kbc.Write(Kbc8042.StatusCommandPort, Kbc8042.CmdDisableA20); // A20 off at power-on, as an AT BIOS leaves it
        _memory.A20 = _kbc.A20;

        DateTime start = options.StartTime ?? (options.Clock == ClockKind.Virtual ? PcMachineOptions.DefaultVirtualStart : DateTime.Now);
        _rtc = new Rtc146818(_clock, start, _pic.Irq(Rtc146818.DefaultIrq), new CmosSettings
        {
            DriveA = typeA,
            DriveB = typeB,
            BaseMemoryKb = RamSize / 1024,
        });
        _video = new TextVideo(_memory, _clock);
        _power = new PowerRelay();
        _power.PowerOff += () => _cpu?.RequestStop();
        _console = new DebugConsole(options.DebugConsole ?? Stream.Null);
        _debugExit = new DebugExit(() => _cpu?.RequestStop());

        _ports = new PortBus();
        _ports.Map(0x00, 16, dma);
        _ports.Map(Dma8237.Channel2PagePort, 3, dma);
        _ports.Map(Dma8237.Channel0PagePort, 1, dma);
        _ports.Map(Pic8259Pair.MasterCommandPort, 2, _pic);
        _ports.Map(Pic8259Pair.SlaveCommandPort, 2, _pic);
        _ports.Map(Pit8254.Counter0Port, 4, _pit);
        _ports.Map(SystemControlPortB.Port, 1, portB);
        _ports.Map(Kbc8042.DataPort, 1, _kbc);
        _ports.Map(Kbc8042.StatusCommandPort, 1, _kbc);
        _ports.Map(Rtc146818.IndexPort, 2, _rtc);
        _ports.Map(DebugConsole.Port, 1, _console);
        _ports.Map(PowerRelay.Port, 1, _power);
        _ports.Map(DebugExit.Port, 1, _debugExit);
        _ports.Map(TextVideo.CrtcIndexPort, 2, _video);
        _ports.Map(TextVideo.ModeControlPort, 3, _video);
        _ports.Map(Fdc82077.PrimaryBasePort, 6, _fdc);
        _ports.Map(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset, 1, _fdc);

        _timed = [_pit, _fdc, _rtc];
        _cpuPorts = new PcPortBus(_ports, _clock, _timed, options.PortWriteTrace);
        _cpu = new Interpreter(
            new InterpreterOptions { Model = options.Model, InvalidOpcode = InvalidOpcodePolicy.Exit },
            _memory, _cpuPorts, _pic)
        {
            ExitOnHalt = true,
        };
        _cpuPorts.Cpu = _cpu;
        intr.Cpu = _cpu;
        if (_virtualClock is not null)
        {
            Interpreter cpu = _cpu;
            _virtualClock.Instructions = () => cpu.InstructionCount;
        }
    }

    public PcMachineOptions Options => _options;

    /// <summary>The vCPU (engine <c>interp</c>).</summary>
    public IVcpu Cpu => _cpu;

    public string EngineName => Interpreter.EngineName;

    /// <summary>The guest's physical memory.</summary>
    public MemoryMap Memory => _memory;

    /// <summary>The port bus (for inspection: unmapped access counts, devices).</summary>
    public PortBus Ports => _ports;

    public Pic8259Pair Pic => _pic;
    public Pit8254 Pit => _pit;
    public Fdc82077 FloppyController => _fdc;
    public Kbc8042 Keyboard => _kbc;
    public Rtc146818 Rtc => _rtc;
    public TextVideo Video => _video;
    public PowerRelay Power => _power;

    /// <summary>The drive of unit 0 (A:) or 1 (B:), or null when there is none.</summary>
    public FloppyDrive? Drive(int unit) => _fdc.Drive(unit);

    /// <summary>The machine's time in nanoseconds (virtual or real, as the clock option says).</summary>
    public long NowNs => _clock.NowNs;

    /// <summary>With the virtual clock: machine time skipped while the CPU halted (no host time spent). 0 with the realtime clock.</summary>
    public long SkippedNs => _virtualClock?.SkippedNs ?? 0;

    /// <summary>The visible text screen and cursor.</summary>
    public TextScreen Screen() => _video.Snapshot();

    /// <summary>Presses a key (any thread): handed to the 8042 on the machine's thread.</summary>
    public void PostKeyDown(HostKey key) => Post(new HostInput(key, Down: true, Text: null));

    /// <summary>Releases a key (any thread).</summary>
    public void PostKeyUp(HostKey key) => Post(new HostInput(key, Down: false, Text: null));

    /// <summary>Types text (any thread): each character's keys pressed and released, with Shift or Ctrl as needed.</summary>
    public void PostText(string text) => Post(new HostInput(0, false, text));

    /// <summary>Ends the run at the next slice boundary with <see cref="PcStop.Quit"/> (any thread).</summary>
    public void RequestQuit()
    {
        _quitRequested = true;
        _wake.Set();
    }

    private void Post(HostInput input)
    {
        _input.Enqueue(input);
        _wake.Set();
    }

    /// <summary>Runs the machine until it stops (power off, debug exit, fault), the steps complete, the time limit, quit or cancellation.</summary>
    public PcOutcome Run(PcRunOptions? run = null, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        run ??= new PcRunOptions();
        var steps = new StepRunner(run.Steps);
        var wall = Stopwatch.StartNew();
        long startInstructions = _cpu.InstructionCount;
        TimeSpan? lastObserved = null;
        long lastExpectCheck = long.MinValue;
        bool virtualClock = _virtualClock is not null;

        try
        {
            while (true)
            {
                if (cancel.IsCancellationRequested) return Outcome(PcStop.Cancelled, PcExitStatuses.Cancelled, startInstructions, wall, steps);
                if (_quitRequested) return Outcome(PcStop.Quit, PcExitStatuses.Success, startInstructions, wall, steps);
                if (run.Timeout is { } limit && wall.Elapsed >= limit) return Outcome(PcStop.Timeout, PcExitStatuses.Timeout, startInstructions, wall, steps);
                if (run.Observer is { } observer && (lastObserved is not { } seen || wall.Elapsed - seen >= run.ObserverInterval))
                {
                    lastObserved = wall.Elapsed;
                    observer(this);
                }

                // Devices, input and steps at the current time.
                long now = _clock.NowNs;
                AdvanceDevices(now);
                DrainHostInput();
                if (steps.Current is AutomationStep.Expect && (now - lastExpectCheck >= ExpectCheckIntervalNs || steps.JustStarted))
                {
                    lastExpectCheck = now;
                    steps.CheckExpect(_video);
                }
                if (steps.Current is AutomationStep.Send) steps.Type(_kbc, KeyboardIdle());
                if (steps.AllDone && run.EndWhenStepsComplete && run.Steps.Count > 0)
                    return Outcome(PcStop.StepsCompleted, PcExitStatuses.Success, startInstructions, wall, steps);

                long next = NextEventNs();

                // A halted CPU waits for an interrupt: skip to the next event (virtual) or sleep (realtime).
                if (_halted && !_pic.Intr)
                {
                    CpuState state = _cpu.GetState();
                    if (!state.Halted) _halted = false;
                    else if ((state.Flags & (ushort)CpuFlags.IF) == 0)
                        return Outcome(PcStop.Halted, PcExitStatuses.Success, startInstructions, wall, steps);
                    else
                    {
                        bool inputPossible = steps.MayType || run.Observer is not null || !_input.IsEmpty;
                        if (virtualClock)
                        {
                            if (next != long.MaxValue)
                            {
                                _virtualClock!.SkipTo(next);
                                continue;
                            }
                            if (!inputPossible)
                                return Outcome(PcStop.HaltedForever, PcExitStatuses.Success, startInstructions, wall, steps);
                            WaitForHost(TimeSpan.FromMilliseconds(20), run);
                            continue;
                        }
                        long waitNs = next == long.MaxValue ? 20_000_000 : Math.Clamp(next - now, 0, 20_000_000);
                        if (waitNs > 0) WaitForHost(TimeSpan.FromTicks(waitNs / 100), run);
                        continue;
                    }
                }

                long budget;
                if (virtualClock)
                {
                    long ns = next == long.MaxValue ? long.MaxValue : next - now;
                    budget = ns == long.MaxValue ? _options.MaxSliceInstructions
                        : Math.Clamp((ns + _options.NsPerInstruction - 1) / _options.NsPerInstruction, 1, _options.MaxSliceInstructions);
                    _cpuPorts.SliceEndNs = next;
                }
                else
                {
                    budget = RealtimeSliceInstructions;
                }

                RunResult result = _cpu.Run(budget);
                _cpuPorts.SliceEndNs = long.MaxValue;
                FlushConsole();

                if (_power.PowerOffRequested) return Outcome(PcStop.PowerOff, PcExitStatuses.Success, startInstructions, wall, steps);
                if (_debugExit.ExitStatus is { } status) return Outcome(PcStop.DebugExit, status, startInstructions, wall, steps);
                if (_resetRequested)
                {
                    _resetRequested = false;
                    _halted = false;
                    _cpu.SetState(CpuState.AfterReset(_options.Model));
                    continue;
                }
                switch (result.Reason)
                {
                    case ExitReason.BudgetSpent:
                    case ExitReason.StopRequested:
                        break;
                    case ExitReason.Halted:
                        _halted = true;
                        break;
                    case ExitReason.InvalidOpcode:
                        return Outcome(PcStop.InvalidOpcode, PcExitStatuses.GuestFault, startInstructions, wall, steps);
                    case ExitReason.Shutdown:
                        return Outcome(PcStop.Shutdown, PcExitStatuses.GuestFault, startInstructions, wall, steps);
                    default:
                        throw new InvalidOperationException(
                            $"the PC machine registers no stubs or watched vectors, yet the vCPU exited with {_cpu.LastExit}");
                }
            }
        }
        finally
        {
            FlushConsole();
            FlushDisks();
        }
    }

    private bool _halted;

    private void WaitForHost(TimeSpan wait, PcRunOptions run)
    {
        if (run.Observer is not null && wait > run.ObserverInterval) wait = run.ObserverInterval;
        if (run.Timeout is not null && wait > TimeSpan.FromMilliseconds(20)) wait = TimeSpan.FromMilliseconds(20);
        _wake.Wait(wait);
        _wake.Reset();
    }

    private long NextEventNs()
    {
        long next = long.MaxValue;
        foreach (ITimedDevice d in _timed)
        {
            long t = d.NextEventNs;
            if (t < next) next = t;
        }
        return next;
    }

    private void AdvanceDevices(long now)
    {
        foreach (ITimedDevice d in _timed)
            if (d.NextEventNs <= now) d.Advance(now);
    }

    private void DrainHostInput()
    {
        while (_input.TryDequeue(out HostInput input))
        {
            if (input.Text is { } text) _kbc.Type(text);
            else if (input.Down) _kbc.KeyDown(input.Key);
            else _kbc.KeyUp(input.Key);
        }
    }

    /// <summary>
    /// The guest is ready for the next typed key: its keyboard interrupt is set up (the PIC initialised
    /// with IRQ 1 unmasked, the BIOS's type-ahead buffer set up), nothing waits in the 8042, and the
    /// type-ahead buffer is empty. Keys typed earlier would be lost in the BIOS's POST, as on a PC.
    /// </summary>
    private bool KeyboardIdle()
    {
        Pic8259 master = _pic.Master;
        if (!master.Initialized || master.VectorBase == 0 || (master.Imr & 1 << Kbc8042.DefaultIrq) != 0) return false;
        if ((_kbc.Status & KbcStatus.OutputBufferFull) != 0 || _kbc.PendingBytes != 0) return false;
        if (_memory.Read8(BdaKeyboardStart) == 0) return false;
        ushort head = (ushort)(_memory.Read8(BdaKeyboardHead) | _memory.Read8(BdaKeyboardHead + 1) << 8);
        ushort tail = (ushort)(_memory.Read8(BdaKeyboardTail) | _memory.Read8(BdaKeyboardTail + 1) << 8);
        return head == tail;
    }

    private void FlushConsole()
    {
        if (_console.BytesWritten == _consoleFlushed) return;
        _consoleFlushed = _console.BytesWritten;
        _console.Flush();
    }

    /// <summary>Forces every written sector of the images to the storage device.</summary>
    public void FlushDisks()
    {
        foreach (FloppyImage? image in _images)
        {
            try { image?.Flush(); }
            catch (IOException) { } // reported through WriteError; Dispose tries again and closes
        }
    }

    /// <summary>Host errors met while writing the images (the guest saw failed writes), one line each.</summary>
    public IEnumerable<string> DiskWriteErrors() =>
        _images.Where(i => i?.WriteError is not null).Select(i => $"floppy image '{i!.Path}': a write failed: {i.WriteError!.Message}");

    private PcOutcome Outcome(PcStop stop, int status, long startInstructions, Stopwatch wall, StepRunner steps)
    {
        ExitInfo exit = _cpu.LastExit;
        CpuState state = _cpu.GetState();
        if (stop is not (PcStop.InvalidOpcode or PcStop.Shutdown or PcStop.DebugExit or PcStop.Halted or PcStop.HaltedForever))
            exit = exit with { Cs = state.CS, Ip = state.IP };
        byte[] code = [];
        if (stop is PcStop.InvalidOpcode or PcStop.Shutdown)
        {
            code = new byte[ReportedCodeBytes];
            uint linear = ((uint)exit.Cs << 4) + exit.Ip;
            for (int i = 0; i < code.Length; i++) code[i] = _memory.Read8(linear + (uint)i);
        }
        return new PcOutcome(stop, status, exit, state, _cpu.InstructionCount - startInstructions, _clock.NowNs, wall.Elapsed,
            code, stop == PcStop.Timeout ? steps.Current?.ToString() : null, steps.Completed);
    }

    /// <summary>Flushes and closes the images, frees the memory. Safe to call more than once.</summary>
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
        _memory.Dispose();
        _ram.Dispose();
        _textRam.Dispose();
        _rom.Dispose();
        _wake.Dispose();
        if (errors is not null) throw new AggregateException("could not flush every floppy image", errors);
    }

    private static FloppyDriveType DriveTypeFor(FloppyImage? image)
    {
        if (image is null) return FloppyDriveType.Drive1440K;
        FloppyGeometry g = image.Geometry;
        if (g.Cylinders <= 42) return FloppyDriveType.Drive360K;
        return g.DataRate switch
        {
            FloppyDataRate.Mbps1 => FloppyDriveType.Drive2880K,
            FloppyDataRate.Kbps500 when g.SectorsPerTrack == 18 => FloppyDriveType.Drive1440K,
            FloppyDataRate.Kbps500 => FloppyDriveType.Drive1200K,
            _ => FloppyDriveType.Drive1440K,
        };
    }

    private readonly record struct HostInput(HostKey Key, bool Down, string? Text);

    /// <summary>Walks the automation steps: which one is current, how far a send has got.</summary>
    private sealed class StepRunner(IReadOnlyList<AutomationStep> steps)
    {
        private int _index;
        private int _typed;

        public AutomationStep? Current => _index < steps.Count ? steps[_index] : null;

        public bool AllDone => _index >= steps.Count;

        public int Completed => _index;

        /// <summary>True on the first look at a step (an expect is checked at once, not a millisecond later).</summary>
        public bool JustStarted { get; private set; } = true;

        /// <summary>Some step may still type keys (a halted guest may be woken by them).</summary>
        public bool MayType
        {
            get
            {
                for (int i = _index; i < steps.Count; i++)
                    if (steps[i] is AutomationStep.Send) return true;
                return false;
            }
        }

        public void CheckExpect(TextVideo video)
        {
            JustStarted = false;
            if (Current is AutomationStep.Expect expect && video.Snapshot().Contains(expect.Text)) Next();
        }

        public void Type(Kbc8042 kbc, bool keyboardIdle)
        {
            JustStarted = false;
            if (Current is not AutomationStep.Send send || !keyboardIdle) return;
            if (_typed < send.Keys.Length) kbc.Type(send.Keys[_typed++]);
            else Next(); // the last key was taken by the guest
        }

        private void Next()
        {
            _index++;
            _typed = 0;
            JustStarted = true;
        }
    }
}
