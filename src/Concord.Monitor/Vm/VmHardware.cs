using System.Collections.Concurrent;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Chipset;
using Concord.Devices.Cmos;
using Concord.Devices.Debug;
using Concord.Devices.Dma;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Video;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.Profiles;
using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>
/// A VM's hardware: memory (RAM, text memory, the BIOS ROM of its profile), one vCPU of the engine
/// its options name (made by the <see cref="EngineFactory"/>), and the devices every VM has for
/// itself on its own port bus: PIC pair, PIT with port 61h, DMA programming, 8042, text video,
/// CMOS/RTC view, debug console (E9h) and debug exit (F4h). The floppy controller and the power
/// relay are not here: the machine connects the shared ones through the callback of the
/// constructor, which maps their ports on <see cref="Ports"/> and names their timed devices.
/// </summary>
/// <remarks>
/// The VM's clock is given (a <see cref="VirtualClock"/> over this VM's own instructions, or the
/// realtime clock); its PIT, RTC and video run on it, so each VM gets its own timer interrupts.
/// Host input (<see cref="PostKeyDown"/>, <see cref="PostText"/>...) may come from any thread;
/// everything else is for the machine's thread.
/// </remarks>
public sealed class VmHardware : IHostKeyboard, IDisposable
{
    // BIOS data area: the keyboard buffer's head and tail pointers and its start.
    private const uint BdaKeyboardHead = 0x41A;
    private const uint BdaKeyboardTail = 0x41C;
    private const uint BdaKeyboardStart = 0x480;

    // CMOS register 3Dh: the BIOS boots from B: first when its low nibble is 0Bh (firmware/bios/boot.inc).
    private const byte CmosBootOrder = 0x3D;
    private const byte CmosBootFromB = 0x0B;

    private readonly MachineClock _clock;
    private readonly MemoryBlock _ram;
    private readonly MemoryBlock? _extendedRam;
    private readonly MemoryBlock _textRam;
    private readonly MemoryBlock _rom;
    private readonly CpuIntrLine _intr = new();
    private readonly ConcurrentQueue<HostInput> _input = new();
    private long _consoleFlushed;
    private bool _disposed;

    /// <param name="connect">Maps the VM's floppy controller and power relay on its bus (called once the per-VM devices exist, before the vCPU); returns the timed devices it adds.</param>
    internal VmHardware(VmHardwareOptions options, MachineClock clock, EngineFactory engines, Func<VmHardware, IReadOnlyList<ITimedDevice>> connect)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _clock = clock;
        int ramSize = options.ConventionalKib * 1024;
        bool i386 = options.Model == CpuModel.I80386;

        // Memory: RAM, text memory, the BIOS ROM, mirrored at the top of the CPU's address space
        // (below 16 MiB for the 80286, as on an AT; below 4 GiB for the 80386, where it starts,
        // and where A20 off would put it too: the ROM answers there whatever the gate says). An
        // 80386 VM may have memory above 1 MiB. The profile decides the text memory, the video
        // device and the BIOS image.
        _ram = new MemoryBlock(ramSize);
        _textRam = new MemoryBlock(Profile.TextMemorySize);
        _rom = new MemoryBlock(PlatformProfile.BiosSize);
        Memory = new MemoryMap(i386 ? 32 : MemoryMap.AddressBits);
        Memory.MapRam(0, _ram, 0, ramSize);
        if (options.ExtendedKib > 0)
        {
            _extendedRam = new MemoryBlock(options.ExtendedKib * 1024);
            Memory.MapRam(0x100000, _extendedRam, 0, _extendedRam.Size);
        }
        Memory.MapRam(Profile.TextMemoryAddress, _textRam, 0, Profile.TextMemorySize);
        Memory.MapRom(PlatformProfile.BiosAddress, _rom, 0, PlatformProfile.BiosSize);
        if (i386)
        {
            Memory.MapRom(0xFFFF0000, _rom, 0, PlatformProfile.BiosSize);
            Memory.MapRom(0xFFEF0000, _rom, 0, PlatformProfile.BiosSize);
        }
        else Memory.MapRom(0xFF0000, _rom, 0, PlatformProfile.BiosSize);
        Memory.Load(PlatformProfile.BiosAddress, Profile.LoadBios());

        Pic = new Pic8259Pair(_intr);
        Pit = new Pit8254(clock, Pic.Irq(0));
        var portB = new SystemControlPortB(Pit, clock);
        Dma = new Dma8237(new MemoryMapDmaMemory(Memory));
        Keyboard = new Kbc8042(Pic.Irq(Kbc8042.DefaultIrq));
        // A20 is on when the 8042's output port or port 92h (80386 VMs, as their chipsets have it) says so.
        SystemControlA = i386 ? new SystemControlPortA() : null;
        Keyboard.A20Changed += _ => Memory.A20 = Keyboard.A20 || SystemControlA?.A20 == true;
        Keyboard.ResetRequested += RequestCpuReset;
        if (SystemControlA is not null)
        {
            SystemControlA.A20Changed += _ => Memory.A20 = Keyboard.A20 || SystemControlA.A20;
            SystemControlA.ResetRequested += RequestCpuReset;
        }
        Keyboard.Write(Kbc8042.StatusCommandPort, Kbc8042.CmdDisableA20); // A20 off at power-on, as an AT BIOS leaves it
        Memory.A20 = Keyboard.A20;
        Rtc = new Rtc146818(clock, options.StartTime, Pic.Irq(Rtc146818.DefaultIrq), new CmosSettings
        {
            DriveA = options.CmosDriveA,
            DriveB = options.CmosDriveB,
            BaseMemoryKb = options.ConventionalKib,
            ExtendedMemoryKb = options.ExtendedKib,
        });
        if (options.BootFromB)
        {
            Rtc.Write(Rtc146818.IndexPort, CmosBootOrder);
            Rtc.Write(Rtc146818.IndexPort + 1, CmosBootFromB);
        }
        Video = Profile.CreateVideo(Memory, clock);
        Console = new DebugConsole(options.DebugConsole ?? Stream.Null);
        DebugExit = new DebugExit(() => _cpu?.RequestStop());

        Ports = new PortBus();
        Ports.Map(0x00, 16, Dma);
        Ports.Map(Dma8237.Channel2PagePort, 3, Dma);
        Ports.Map(Dma8237.Channel0PagePort, 1, Dma);
        Ports.Map(Pic8259Pair.MasterCommandPort, 2, Pic);
        Ports.Map(Pic8259Pair.SlaveCommandPort, 2, Pic);
        Ports.Map(Pit8254.Counter0Port, 4, Pit);
        Ports.Map(SystemControlPortB.Port, 1, portB);
        Ports.Map(Kbc8042.DataPort, 1, Keyboard);
        Ports.Map(Kbc8042.StatusCommandPort, 1, Keyboard);
        Ports.Map(Rtc146818.IndexPort, 2, Rtc);
        Ports.Map(DebugConsole.Port, 1, Console);
        Ports.Map(DebugExit.Port, 1, DebugExit);
        if (SystemControlA is not null) Ports.Map(SystemControlPortA.Port, 1, SystemControlA);
        Video.MapOn(Ports);

        var caller = new VcpuCallerLocation();
        Caller = caller;
        IReadOnlyList<ITimedDevice> shared = connect(this);
        Timed = [Pit, .. shared, Rtc];
        CpuPorts = new VcpuPortBus(Ports, clock, Timed, options.PortWrites is { } sink ? new PortWriteTracer(sink, options.Id, options.Name, caller) : null);
        // An invalid opcode raises INT 6 through the guest's own vector, as the CPU does (programs use
        // it to tell CPUs apart); our BIOS's default handler is a stub that stops the VM. The 8086 has
        // no #UD: the monitor stops the VM at the opcode.
        bool raisesUd = options.Model != CpuModel.I8086 && options.Profile.InvalidOpcodeStop is not null;
        _cpu = engines.Create(options.Engine, new VcpuOptions
        {
            Model = options.Model,
            InvalidOpcode = raisesUd ? InvalidOpcodePolicy.Fault : InvalidOpcodePolicy.Exit,
        }, Memory, CpuPorts, Pic);
        _cpu.ExitOnHalt = true;
        if (raisesUd) _cpu.AddStub(options.Profile.InvalidOpcodeStop!.Value);
        CpuPorts.Cpu = _cpu;
        _intr.Cpu = _cpu;
        caller.Cpu = _cpu;
        if (clock is VirtualClock virtualClock)
        {
            IVcpu cpu = _cpu;
            virtualClock.Instructions = () => cpu.InstructionCount;
        }
    }

    private readonly IVcpu _cpu;

    /// <summary>Port 92h: the fast A20 gate and CPU reset of an 80386 VM's chipset; null on the others.</summary>
    public SystemControlPortA? SystemControlA { get; }

    /// <summary>The 8042's reset line or port 92h pulsed: the machine restarts the CPU once this run stops.</summary>
    private void RequestCpuReset()
    {
        ResetRequested = true;
        _cpu?.RequestStop();
    }

    public VmHardwareOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>What the profile makes of the VM: BIOS, text memory, video device, native drives.</summary>
    public PlatformProfile Profile => Options.Profile;

    /// <summary>The vCPU, of the engine the options name.</summary>
    public IVcpu Cpu => _cpu;

    /// <summary>The CS:IP of the instruction in progress (for attributing trapped accesses).</summary>
    public ICallerLocation Caller { get; }

    public MemoryMap Memory { get; }

    /// <summary>The VM's own port bus (inspection: unmapped access counts, devices).</summary>
    public PortBus Ports { get; }

    internal VcpuPortBus CpuPorts { get; }

    /// <summary>The devices with timed events, in the order the machine advances them.</summary>
    internal ITimedDevice[] Timed { get; }

    public Pic8259Pair Pic { get; }
    public Pit8254 Pit { get; }
    public Dma8237 Dma { get; }
    public Kbc8042 Keyboard { get; }
    public Rtc146818 Rtc { get; }
    /// <summary>The profile's text display (a <see cref="TextVideo"/> or a <see cref="Pc98TextVideo"/>).</summary>
    public PlatformVideo Video { get; }
    public DebugConsole Console { get; }
    public DebugExit DebugExit { get; }

    /// <summary>The VM's time in nanoseconds.</summary>
    public long NowNs => _clock.NowNs;

    internal MachineClock Clock => _clock;

    /// <summary>The 8042 pulsed the CPU's reset; the machine restarts the vCPU at F000:FFF0.</summary>
    internal bool ResetRequested { get; set; }

    /// <summary>The vCPU stopped on HLT (with IF=1) and waits for an interrupt.</summary>
    internal bool Halted { get; set; }

    /// <summary>Called when the PIC raises INTR (another VM's action may wake this one).</summary>
    internal Action? IntrRaised
    {
        get => _intr.Raised;
        set => _intr.Raised = value;
    }

    /// <summary>The visible text screen and cursor.</summary>
    public TextScreen Screen() => Video.Snapshot();

    /// <summary>Presses a key (any thread): handed to the 8042 on the machine's thread.</summary>
    public void PostKeyDown(HostKey key) => _input.Enqueue(new HostInput(key, Down: true, Text: null));

    /// <summary>Releases a key (any thread).</summary>
    public void PostKeyUp(HostKey key) => _input.Enqueue(new HostInput(key, Down: false, Text: null));

    /// <summary>Types text (any thread).</summary>
    public void PostText(string text)
    {
        foreach (char c in text) _input.Enqueue(new HostInput(0, false, c.ToString())); // one key at a time (see DrainHostInput)
    }

    internal bool HasHostInput => !_input.IsEmpty;

    internal long NextEventNs()
    {
        long next = long.MaxValue;
        foreach (ITimedDevice d in Timed)
        {
            long t = d.NextEventNs;
            if (t < next) next = t;
        }
        return next;
    }

    /// <summary>
    /// Advances this VM's own timed devices (not the shared ones, which the machine advances once), and
    /// delivers one timer tick it is owed (<see cref="OwedTimerTicks"/>) when IRQ 0 is free to take it.
    /// </summary>
    internal void AdvanceOwnDevices(long now)
    {
        if (Pit.NextEventNs <= now) Pit.Advance(now);
        if (Rtc.NextEventNs <= now) Rtc.Advance(now);
        long merged = Pit.MergedIrq0Edges;
        if (merged != _mergedTicksSeen)
        {
            _owedProgressNs = now; // it has just run again after a stop: its patience starts now
            OwedTimerTicks = Math.Min(OwedTimerTicks + merged - _mergedTicksSeen, MaxOwedTimerTicks);
            _mergedTicksSeen = merged;
        }
        if (OwedTimerTicks == 0) return;
        if (CanTakeOwedTick)
        {
            Pic.Request(0);
            OwedTimerTicks--;
            LateTimerTicks++;
            _owedProgressNs = now;
        }
        else if (now - _owedProgressNs > OwedTickPatienceNs)
        {
            // The guest has masked the timer, or never ends its handler: it does not want them.
            DroppedTimerTicks += OwedTimerTicks;
            OwedTimerTicks = 0;
        }
    }

    /// <summary>
    /// Timer ticks (IRQ 0) that went by while the machine held this VM still (waiting for the floppy
    /// controller, or stopped while another VM ran its gate call): the PIT's edges merged into one.
    /// They are delivered late, one whenever IRQ 0 is neither requested nor in service, so the
    /// guest's tick count (its time of day, its motor countdown) comes out right, as a hypervisor's
    /// "delay" lost-tick policy does.
    /// </summary>
    internal long OwedTimerTicks { get; private set; }

    /// <summary>Timer ticks delivered late so far.</summary>
    public long LateTimerTicks { get; private set; }

    /// <summary>Owed ticks given up because the guest took none of them for <see cref="OwedTickPatienceNs"/> (IRQ 0 masked or never ended).</summary>
    public long DroppedTimerTicks { get; private set; }

    /// <summary>How long owed ticks wait for the guest to take the next one before they are dropped.</summary>
    public const long OwedTickPatienceNs = 1_000_000_000;

    /// <summary>Owed ticks wait and IRQ 0 is not masked: the machine runs this VM in short slices so that it gets them soon.</summary>
    internal bool TakingOwedTicks => OwedTimerTicks > 0 && (Pic.Master.Imr & 1) == 0;

    /// <summary>An owed tick can be requested now and the CPU would see it (IRQ 0 free and not masked).</summary>
    internal bool CanTakeOwedTick => OwedTimerTicks > 0 && !Pic.Pending(0) && (Pic.Master.Imr & 1) == 0;

    // About 5 hours of 18.2 Hz ticks: more is a VM held for longer than any guest clock cares about.
    private const long MaxOwedTimerTicks = 1 << 18;
    private long _mergedTicksSeen;
    private long _owedProgressNs;   // when an owed tick was last delivered, or the VM last came back owing more

    /// <summary>
    /// Hands posted host keys to the 8042 at the pace the guest takes them: the next one only once
    /// the 8042 is empty and the BIOS's type-ahead buffer has room, so that pasted text or fast
    /// typing is not dropped by a full buffer (a person typing never notices the pacing).
    /// </summary>
    internal void DrainHostInput()
    {
        while (!_input.IsEmpty && (Keyboard.Status & KbcStatus.OutputBufferFull) == 0 && Keyboard.PendingBytes == 0 && TypeAheadHasRoom()
               && _input.TryDequeue(out HostInput input))
        {
            if (input.Text is { } text) Keyboard.Type(text);
            else if (input.Down) Keyboard.KeyDown(input.Key);
            else Keyboard.KeyUp(input.Key);
        }
    }

    /// <summary>The BIOS's 16-entry type-ahead ring holds fewer than 12 keys (or the guest does not use it).</summary>
    private bool TypeAheadHasRoom()
    {
        ushort head = (ushort)(Memory.Read8(BdaKeyboardHead) | Memory.Read8(BdaKeyboardHead + 1) << 8);
        ushort tail = (ushort)(Memory.Read8(BdaKeyboardTail) | Memory.Read8(BdaKeyboardTail + 1) << 8);
        int queued = ((tail - head) & 0x1F) / 2;
        return queued < 12;
    }

    /// <summary>
    /// The guest is ready for the next typed key: its keyboard interrupt is set up (the PIC initialised
    /// with IRQ 1 unmasked, the BIOS's type-ahead buffer set up), nothing waits in the 8042, and the
    /// type-ahead buffer is empty. Keys typed earlier would be lost in the BIOS's POST, as on a PC.
    /// </summary>
    internal bool KeyboardIdle()
    {
        Pic8259 master = Pic.Master;
        if (!master.Initialized || master.VectorBase == 0 || (master.Imr & 1 << Kbc8042.DefaultIrq) != 0) return false;
        if ((Keyboard.Status & KbcStatus.OutputBufferFull) != 0 || Keyboard.PendingBytes != 0) return false;
        if (Memory.Read8(BdaKeyboardStart) == 0) return false;
        ushort head = (ushort)(Memory.Read8(BdaKeyboardHead) | Memory.Read8(BdaKeyboardHead + 1) << 8);
        ushort tail = (ushort)(Memory.Read8(BdaKeyboardTail) | Memory.Read8(BdaKeyboardTail + 1) << 8);
        return head == tail;
    }

    internal void FlushConsole()
    {
        if (Console.BytesWritten == _consoleFlushed) return;
        _consoleFlushed = Console.BytesWritten;
        Console.Flush();
    }

    /// <summary>Restarts the vCPU at F000:FFF0 after the 8042's reset pulse (devices keep their state).</summary>
    internal void RestartCpu()
    {
        ResetRequested = false;
        Halted = false;
        _cpu.SetState(CpuState.AfterReset(Options.Model));
    }

    /// <summary>
    /// Where the instruction that raised INT 6 is, when the vCPU stopped at the BIOS's invalid-opcode
    /// stop (the CPU pushed FLAGS, CS and the faulting IP); null for any other exit.
    /// </summary>
    internal ExitInfo? InvalidOpcodeAt(ExitInfo exit)
    {
        if (exit.Reason != ExitReason.StubHit || Profile.InvalidOpcodeStop != exit.Address) return null;
        CpuState s = _cpu.GetState();
        uint top = ((uint)s.SS << 4) + s.SP;
        ushort ip = (ushort)(Memory.Read8(top) | Memory.Read8(top + 1) << 8);
        ushort cs = (ushort)(Memory.Read8(top + 2) | Memory.Read8(top + 3) << 8);
        return new ExitInfo(ExitReason.InvalidOpcode, cs, ip, ((uint)cs << 4) + ip, 6);
    }

    /// <summary>The bytes at the vCPU's last exit (for invalid-opcode and shutdown reports).</summary>
    internal byte[] CodeBytes(ExitInfo exit, int count)
    {
        var code = new byte[count];
        uint linear = ((uint)exit.Cs << 4) + exit.Ip;
        for (int i = 0; i < code.Length; i++) code[i] = Memory.Read8(linear + (uint)i);
        return code;
    }

    /// <summary>Frees the memory. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Memory.Dispose();
        _ram.Dispose();
        _extendedRam?.Dispose();
        _textRam.Dispose();
        _rom.Dispose();
    }

    private readonly record struct HostInput(HostKey Key, bool Down, string? Text);
}
