using System.Collections.Concurrent;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Calendar;
using Concord.Devices.Chipset;
using Concord.Devices.Cmos;
using Concord.Devices.Debug;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Ppi;
using Concord.Devices.Video;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.Profiles;
using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>
/// A VM's hardware: memory (RAM, text memory, the BIOS ROM of its profile), one vCPU of the engine
/// its options name (made by the <see cref="EngineFactory"/>), and the devices every VM has for
/// itself on its own port bus, as its profile's board wires them (<see cref="PlatformBoard"/>):
/// <list type="bullet">
/// <item>PC/AT: PIC pair (20h/A0h), PIT with port 61h (40h-43h, 61h), DMA programming (00h-0Fh,
/// 81h-87h), 8042 (60h/64h), text video, CMOS/RTC view (70h/71h);</item>
/// <item>PC-98 (docs/devices.md): PIC pair (00h/02h, 08h/0Ah, slave on IR7), 8253 at 2.4576 MHz
/// (71h-77h), DMA programming (01h-1Fh odd, banks 21h-27h), the 8251 keyboard (41h/43h), the
/// uPD1990A calendar (20h), the 8255 system port (31h-37h), the text GDC (60h/62h) and the graphics
/// GDC's status (A0h/A2h); the memory switches in the text VRAM filled as a PC-98's battery keeps
/// them (memory size, the calendar's year);</item>
/// </list>
/// and on both the debug console (E9h) and debug exit (F4h). The floppy controller and the power
/// relay are not here: the machine connects the shared ones through the callback of the
/// constructor, which maps them with <see cref="MapFloppyController"/> and the power relay's
/// ports on <see cref="Ports"/> and names their timed devices.
/// </summary>
/// <remarks>
/// The VM's clock is given (a <see cref="VirtualClock"/> over this VM's own instructions, or the
/// realtime clock); its PIT, RTC and video run on it, so each VM gets its own timer interrupts.
/// Host input (<see cref="PostKeyDown"/>, <see cref="PostText"/>...) may come from any thread;
/// everything else is for the machine's thread.
/// </remarks>
public sealed class VmHardware : IHostKeyboard, IDisposable
{
    // The PC-98's memory switches 3 (memory size in 128 KiB units - 1) and 8 (the calendar's year, BCD).
    private const uint MemorySwitch3 = 0xA3FEA;
    private const uint MemorySwitch8 = 0xA3FFE;

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

        bool pc98 = Profile.Board == PlatformBoard.Pc98;
        Pic = new Pic8259Pair(_intr, pc98 ? Pic8259Pair.Pc98CascadeIrq : Pic8259Pair.AtCascadeIrq);
        Pit = new Pit8254(clock, Pic.Irq(0), pc98 ? Pit8254.Pc98InputFrequencyHz : Pit8254.InputFrequencyHz);
        Dma = new Dma8237(new MemoryMapDmaMemory(Memory));
        Video = Profile.CreateVideo(Memory, clock);
        Console = new DebugConsole(options.DebugConsole ?? Stream.Null);
        DebugExit = new DebugExit(() => _cpu?.RequestStop());
        Ports = new PortBus();

        if (pc98)
        {
            // No A20 gate on an 8086 PC-98: addresses wrap at 1 MiB.
            Memory.A20 = false;
            Memory.Write8(MemorySwitch3, (byte)(options.MemoryKib / 128 - 1));
            Memory.Write8(MemorySwitch8, (byte)(options.StartTime.Year % 100 / 10 << 4 | options.StartTime.Year % 10));
            var usart = new Usart8251(Pic.Irq(Usart8251.DefaultIrq));
            Keyboard = new Pc98VmKeyboard(new Pc98Keyboard(usart), Memory);
            Calendar = new Upd1990a(clock, options.StartTime);
            Upd1990a calendar = Calendar;
            SystemPort = new Ppi8255(() => Pc98DipSwitch2, () => (byte)(Pc98SystemStatus | (calendar.DataOut ? 1 : 0)));
            var graphics = new Pc98GraphicsGdc(clock);

            new PortAlias(Pic, (0x00, Pic8259Pair.MasterCommandPort), (0x02, Pic8259Pair.MasterDataPort),
                (0x08, Pic8259Pair.SlaveCommandPort), (0x0A, Pic8259Pair.SlaveDataPort)).MapOn(Ports);
            var dmaPorts = new List<(ushort, ushort)>();
            for (ushort r = 0; r < 16; r++) dmaPorts.Add(((ushort)(2 * r + 1), r));
            dmaPorts.AddRange([(0x21, Dma8237.Channel1PagePort), (0x23, Dma8237.Channel2PagePort), (0x25, Dma8237.Channel3PagePort), (0x27, Dma8237.Channel0PagePort)]);
            new PortAlias(Dma, [.. dmaPorts]).MapOn(Ports);
            new PortAlias(Pit, (0x71, Pit8254.Counter0Port), (0x73, Pit8254.Counter1Port), (0x75, Pit8254.Counter2Port),
                (0x77, Pit8254.ControlWordPort)).MapOn(Ports);
            Ports.Map(Upd1990a.Port, 1, Calendar);
            foreach (ushort port in (ushort[])[Ppi8255.SystemPortA, Ppi8255.SystemPortB, Ppi8255.SystemPortC, Ppi8255.SystemControl])
                Ports.Map(port, 1, SystemPort);
            Ports.Map(Usart8251.DataPort, 1, usart);
            Ports.Map(Usart8251.ControlPort, 1, usart);
            Ports.Map(Pc98GraphicsGdc.StatusPort, 1, graphics);
            Ports.Map(Pc98GraphicsGdc.CommandPort, 1, graphics);
        }
        else
        {
            var portB = new SystemControlPortB(Pit, clock);
            var kbc = new Kbc8042(Pic.Irq(Kbc8042.DefaultIrq));
            // A20 is on when the 8042's output port or port 92h (80386 VMs, as their chipsets have it) says so.
            SystemControlA = i386 ? new SystemControlPortA() : null;
            kbc.A20Changed += _ => Memory.A20 = kbc.A20 || SystemControlA?.A20 == true;
            kbc.ResetRequested += RequestCpuReset;
            if (SystemControlA is not null)
            {
                SystemControlA.A20Changed += _ => Memory.A20 = kbc.A20 || SystemControlA.A20;
                SystemControlA.ResetRequested += RequestCpuReset;
            }
            kbc.Write(Kbc8042.StatusCommandPort, Kbc8042.CmdDisableA20); // A20 off at power-on, as an AT BIOS leaves it
            Memory.A20 = kbc.A20;
            Keyboard = new AtVmKeyboard(kbc, Memory);
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

            Ports.Map(0x00, 16, Dma);
            Ports.Map(Dma8237.Channel2PagePort, 3, Dma);
            Ports.Map(Dma8237.Channel0PagePort, 1, Dma);
            Ports.Map(Pic8259Pair.MasterCommandPort, 2, Pic);
            Ports.Map(Pic8259Pair.SlaveCommandPort, 2, Pic);
            Ports.Map(Pit8254.Counter0Port, 4, Pit);
            Ports.Map(SystemControlPortB.Port, 1, portB);
            Ports.Map(Kbc8042.DataPort, 1, kbc);
            Ports.Map(Kbc8042.StatusCommandPort, 1, kbc);
            Ports.Map(Rtc146818.IndexPort, 2, Rtc);
        }
        Ports.Map(DebugConsole.Port, 1, Console);
        Ports.Map(DebugExit.Port, 1, DebugExit);
        if (SystemControlA is not null) Ports.Map(SystemControlPortA.Port, 1, SystemControlA);
        Video.MapOn(Ports);

        var caller = new VcpuCallerLocation();
        Caller = caller;
        IReadOnlyList<ITimedDevice> shared = connect(this);
        Timed = Rtc is null ? [Pit, .. shared] : [Pit, .. shared, Rtc];
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
    /// <summary>The keyboard: the 8042 (<see cref="AtVmKeyboard"/>) or the PC-98's 8251 and keyboard (<see cref="Pc98VmKeyboard"/>).</summary>
    public VmKeyboard Keyboard { get; }
    /// <summary>The PC/AT's MC146818 (CMOS and clock); null on a PC-98.</summary>
    public Rtc146818? Rtc { get; }
    /// <summary>The PC-98's uPD1990A calendar; null on a PC/AT.</summary>
    public Upd1990a? Calendar { get; }
    /// <summary>The PC-98's system port (8255); null on a PC/AT.</summary>
    public Ppi8255? SystemPort { get; }

    // What the PC-98's system port shows of the board: DIP switch 2 (31h) all off (1s) but the
    // memory-check-skip and the text modes' defaults, and port B's status lines (33h): RS-232C
    // CI/CS/CD inactive, the 24 kHz display (bit 3); bit 0 is the calendar's DATA OUT.
    private const byte Pc98DipSwitch2 = 0xF3;
    private const byte Pc98SystemStatus = 0xE8;

    /// <summary>The interrupt request line of the board's floppy controller (IRQ 6 on the AT, 11 on the PC-98: INT42).</summary>
    public int FloppyIrq => Profile.Board == PlatformBoard.Pc98 ? Pc98FdcInterface.Irq : Fdc82077.DefaultIrq;

    /// <summary>
    /// Maps a floppy controller with the 82077's registers (a VM's port of the shared controller) where
    /// the board has its floppy interface: at 3F0h-3F5h and 3F7h on the AT; on the PC-98 behind the
    /// 1 MB interface (<see cref="Pc98FdcInterface"/>) at 90h, 92h and 94h.
    /// </summary>
    public void MapFloppyController(IPortDevice controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        if (Profile.Board == PlatformBoard.Pc98)
        {
            var fdcInterface = new Pc98FdcInterface(controller);
            Ports.Map(Pc98FdcInterface.StatusPort, 1, fdcInterface);
            Ports.Map(Pc98FdcInterface.DataPort, 1, fdcInterface);
            Ports.Map(Pc98FdcInterface.ControlPort, 1, fdcInterface);
            return;
        }
        Ports.Map(Fdc82077.PrimaryBasePort, 6, controller);
        Ports.Map((ushort)(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset), 1, controller);
    }
    /// <summary>The profile's text display (a <see cref="TextVideo"/> or a <see cref="Pc98TextVideo"/>).</summary>
    public PlatformVideo Video { get; }
    public DebugConsole Console { get; }
    public DebugExit DebugExit { get; }

    /// <summary>The VM's time in nanoseconds.</summary>
    public long NowNs => _clock.NowNs;

    internal MachineClock Clock => _clock;

    /// <summary>The 8042 pulsed the CPU's reset (AT); the machine restarts the vCPU at F000:FFF0.</summary>
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

    /// <summary>Presses a key (any thread): handed to the keyboard on the machine's thread.</summary>
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
        if (Rtc is not null && Rtc.NextEventNs <= now) Rtc.Advance(now);
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
    /// Hands posted host keys to the keyboard at the pace the guest takes them: the next one only once
    /// the keyboard chip is empty and the BIOS's type-ahead buffer has room (fewer than 12 of its 16
    /// keys), so that pasted text or fast typing is not dropped by a full buffer (a person typing never
    /// notices the pacing).
    /// </summary>
    internal void DrainHostInput()
    {
        while (!_input.IsEmpty && Keyboard.ChipEmpty && Keyboard.BiosBuffered < 12 && _input.TryDequeue(out HostInput input))
        {
            if (input.Text is { } text) Keyboard.Type(text);
            else if (input.Down) Keyboard.KeyDown(input.Key);
            else Keyboard.KeyUp(input.Key);
        }
    }

    /// <summary>
    /// The guest is ready for the next typed key: its keyboard interrupt is set up (the PIC initialised
    /// with the keyboard's IRQ unmasked, the BIOS's type-ahead buffer set up), nothing waits in the
    /// keyboard chip, and the type-ahead buffer is empty. Keys typed earlier would be lost in the
    /// BIOS's POST, as on a real machine.
    /// </summary>
    internal bool KeyboardIdle()
    {
        Pic8259 master = Pic.Master;
        if (!master.Initialized || master.VectorBase == 0 || (master.Imr & 1 << Keyboard.Irq) != 0) return false;
        return Keyboard.ChipEmpty && Keyboard.BiosReady && Keyboard.BiosBuffered == 0;
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
