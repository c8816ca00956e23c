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
using Concord.Engines;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;

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
public sealed class PcMachine : IHostKeyboard, IDisposable
{
    public const int RamSize = 640 * 1024;
    public const uint TextMemoryAddress = TextVideo.ColorTextBase;
    public const int TextMemorySize = 32 * 1024;

    /// <summary>How many bytes at CS:IP an invalid-opcode or shutdown report shows.</summary>
    public const int ReportedCodeBytes = 6;

    /// <summary>Realtime clock: instructions per slice between looks at the host clock.</summary>
    public const long RealtimeSliceInstructions = 20_000;

    /// <summary>How often (machine time) an <see cref="AutomationStep.Expect"/> step looks at the screen.</summary>
    public const long ExpectCheckIntervalNs = 1_000_000;

    private readonly PcMachineOptions _options;
    private readonly MachineClock _clock;
    private readonly VirtualClock? _virtualClock;
    private readonly VmHardware _vm;
    private readonly Fdc82077 _fdc;
    private readonly PowerRelay _power;
    private readonly FloppyImage?[] _images = new FloppyImage?[2];
    private readonly ManualResetEventSlim _wake = new(false);
    private volatile bool _quitRequested;
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

        FloppyDriveType typeA = options.DriveTypeA ?? DriveTypeFor(_images[0]);
        FloppyDriveType typeB = options.DriveTypeB ?? (_images[1] is null ? FloppyDriveType.None : DriveTypeFor(_images[1]));
        DateTime start = options.StartTime ?? (options.Clock == ClockKind.Virtual ? PcMachineOptions.DefaultVirtualStart : DateTime.Now);
        Fdc82077? fdc = null;
        _power = new PowerRelay();
        _vm = new VmHardware(new VmHardwareOptions
        {
            Model = options.Model,
            Profile = options.Profile,
            MemoryKib = RamSize / 1024,
            StartTime = start,
            CmosDriveA = typeA,
            CmosDriveB = typeB,
            DebugConsole = options.DebugConsole,
            PortWriteTrace = options.PortWriteTrace,
        }, _clock, new EngineFactory(), vm =>
        {
            // This machine's own floppy controller (DMA channel 2, IRQ 6) and power relay.
            fdc = new Fdc82077(_clock, vm.Pic.Irq(Fdc82077.DefaultIrq), vm.Dma);
            fdc.Attach(0, new FloppyDrive(_clock, typeA));
            if (typeB != FloppyDriveType.None) fdc.Attach(1, new FloppyDrive(_clock, typeB));
            for (int unit = 0; unit < 2; unit++)
                if (_images[unit] is { } image) fdc.Drive(unit)!.Insert(image);
            vm.Ports.Map(Fdc82077.PrimaryBasePort, 6, fdc);
            vm.Ports.Map(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset, 1, fdc);
            vm.Ports.Map(PowerRelay.Port, 1, _power);
            return [fdc];
        });
        _fdc = fdc!;
        _power.PowerOff += () => _vm.Cpu.RequestStop();
    }

    public PcMachineOptions Options => _options;

    /// <summary>The vCPU (engine <c>interp</c>).</summary>
    public IVcpu Cpu => _vm.Cpu;

    public string EngineName => _vm.Cpu.Engine;

    /// <summary>The guest's physical memory.</summary>
    public MemoryMap Memory => _vm.Memory;

    /// <summary>The port bus (for inspection: unmapped access counts, devices).</summary>
    public PortBus Ports => _vm.Ports;

    public Pic8259Pair Pic => _vm.Pic;
    public Pit8254 Pit => _vm.Pit;
    public Fdc82077 FloppyController => _fdc;
    public Kbc8042 Keyboard => _vm.Keyboard;
    public Rtc146818 Rtc => _vm.Rtc;
    /// <summary>The profile's text video (colour text at B8000h, or the nx GDC-style text at A0000h).</summary>
    public Profiles.PlatformVideo Video => _vm.Video;
    public PowerRelay Power => _power;

    /// <summary>The drive of unit 0 (A:) or 1 (B:), or null when there is none.</summary>
    public FloppyDrive? Drive(int unit) => _fdc.Drive(unit);

    /// <summary>The machine's time in nanoseconds (virtual or real, as the clock option says).</summary>
    public long NowNs => _clock.NowNs;

    /// <summary>With the virtual clock: machine time skipped while the CPU halted (no host time spent). 0 with the realtime clock.</summary>
    public long SkippedNs => _virtualClock?.SkippedNs ?? 0;

    /// <summary>The visible text screen and cursor.</summary>
    public TextScreen Screen() => _vm.Screen();

    /// <summary>Presses a key (any thread): handed to the 8042 on the machine's thread.</summary>
    public void PostKeyDown(HostKey key)
    {
        _vm.PostKeyDown(key);
        _wake.Set();
    }

    /// <summary>Releases a key (any thread).</summary>
    public void PostKeyUp(HostKey key)
    {
        _vm.PostKeyUp(key);
        _wake.Set();
    }

    /// <summary>Types text (any thread): each character's keys pressed and released, with Shift or Ctrl as needed.</summary>
    public void PostText(string text)
    {
        _vm.PostText(text);
        _wake.Set();
    }

    /// <summary>Ends the run at the next slice boundary with <see cref="StopReason.Quit"/> (any thread).</summary>
    public void RequestQuit()
    {
        _quitRequested = true;
        _wake.Set();
    }

    /// <summary>Runs the machine until it stops (power off, debug exit, fault), the steps complete, the time limit, quit or cancellation.</summary>
    public PcOutcome Run(PcRunOptions? run = null, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        run ??= new PcRunOptions();
        var steps = new StepRunner(run.Steps);
        var wall = Stopwatch.StartNew();
        long startInstructions = _vm.Cpu.InstructionCount;
        TimeSpan? lastObserved = null;
        long lastExpectCheck = long.MinValue;
        bool virtualClock = _virtualClock is not null;

        try
        {
            while (true)
            {
                if (cancel.IsCancellationRequested) return Outcome(StopReason.Cancelled, ExitStatuses.Cancelled, startInstructions, wall, steps);
                if (_quitRequested) return Outcome(StopReason.Quit, ExitStatuses.Success, startInstructions, wall, steps);
                if (run.Timeout is { } limit && wall.Elapsed >= limit) return Outcome(StopReason.Timeout, ExitStatuses.Timeout, startInstructions, wall, steps);
                if (run.Observer is { } observer && (lastObserved is not { } seen || wall.Elapsed - seen >= run.ObserverInterval))
                {
                    lastObserved = wall.Elapsed;
                    observer(this);
                }

                // Devices, input and steps at the current time.
                long now = _clock.NowNs;
                AdvanceDevices(now);
                _vm.DrainHostInput();
                if (steps.Current is AutomationStep.Expect && (now - lastExpectCheck >= ExpectCheckIntervalNs || steps.JustStarted))
                {
                    lastExpectCheck = now;
                    steps.CheckExpect(_vm.Screen);
                }
                if (steps.Current is AutomationStep.Send) steps.Type(_vm.Keyboard, _vm.KeyboardIdle());
                if (steps.AllDone && run.EndWhenStepsComplete && run.Steps.Count > 0)
                    return Outcome(StopReason.StepsCompleted, ExitStatuses.Success, startInstructions, wall, steps);

                long next = NextEventNs();

                // A halted CPU waits for an interrupt: skip to the next event (virtual) or sleep (realtime).
                if (_vm.Halted && !_vm.Pic.Intr)
                {
                    CpuState state = _vm.Cpu.GetState();
                    if (!state.Halted) _vm.Halted = false;
                    else if ((state.Flags & (ushort)CpuFlags.IF) == 0)
                        return Outcome(StopReason.Halted, ExitStatuses.Success, startInstructions, wall, steps);
                    else
                    {
                        bool inputPossible = steps.MayType || run.Observer is not null || _vm.HasHostInput;
                        if (virtualClock)
                        {
                            if (next != long.MaxValue)
                            {
                                _virtualClock!.SkipTo(next);
                                continue;
                            }
                            if (!inputPossible)
                                return Outcome(StopReason.HaltedForever, ExitStatuses.Success, startInstructions, wall, steps);
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
                    _vm.CpuPorts.SliceEndNs = next;
                }
                else
                {
                    budget = RealtimeSliceInstructions;
                }

                RunResult result = _vm.Cpu.Run(budget);
                _vm.CpuPorts.SliceEndNs = long.MaxValue;
                _vm.FlushConsole();

                if (_power.PowerOffRequested) return Outcome(StopReason.PowerOff, ExitStatuses.Success, startInstructions, wall, steps);
                if (_vm.DebugExit.ExitStatus is { } status) return Outcome(StopReason.DebugExit, status, startInstructions, wall, steps);
                if (_vm.ResetRequested)
                {
                    _vm.RestartCpu();
                    continue;
                }
                switch (result.Reason)
                {
                    case ExitReason.BudgetSpent:
                    case ExitReason.StopRequested:
                        break;
                    case ExitReason.Halted:
                        _vm.Halted = true;
                        break;
                    case ExitReason.InvalidOpcode:
                        return Outcome(StopReason.InvalidOpcode, ExitStatuses.GuestFault, startInstructions, wall, steps);
                    case ExitReason.Shutdown:
                        return Outcome(StopReason.Shutdown, ExitStatuses.GuestFault, startInstructions, wall, steps);
                    default:
                        throw new InvalidOperationException(
                            $"the PC machine registers no stubs or watched vectors, yet the vCPU exited with {_vm.Cpu.LastExit}");
                }
            }
        }
        finally
        {
            _vm.FlushConsole();
            FlushDisks();
        }
    }

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
        foreach (ITimedDevice d in _vm.Timed)
        {
            long t = d.NextEventNs;
            if (t < next) next = t;
        }
        return next;
    }

    private void AdvanceDevices(long now)
    {
        foreach (ITimedDevice d in _vm.Timed)
            if (d.NextEventNs <= now) d.Advance(now);
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

    private PcOutcome Outcome(StopReason stop, int status, long startInstructions, Stopwatch wall, StepRunner steps)
    {
        ExitInfo exit = _vm.Cpu.LastExit;
        CpuState state = _vm.Cpu.GetState();
        if (stop is not (StopReason.InvalidOpcode or StopReason.Shutdown or StopReason.DebugExit or StopReason.Halted or StopReason.HaltedForever))
            exit = exit with { Cs = state.CS, Ip = state.IP };
        byte[] code = [];
        if (stop is StopReason.InvalidOpcode or StopReason.Shutdown)
        {
            code = _vm.CodeBytes(exit, ReportedCodeBytes);
        }
        return new PcOutcome(stop, status, exit, state, _vm.Cpu.InstructionCount - startInstructions, _clock.NowNs, wall.Elapsed,
            code, stop == StopReason.Timeout ? steps.Current?.ToString() : null, steps.Completed);
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
        _vm.Dispose();
        _wake.Dispose();
        if (errors is not null) throw new AggregateException("could not flush every floppy image", errors);
    }

    /// <summary>A drive type that reads the medium: 1.44M unless it needs another.</summary>
    internal static FloppyDriveType DriveTypeFor(FloppyImage? image)
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
}
