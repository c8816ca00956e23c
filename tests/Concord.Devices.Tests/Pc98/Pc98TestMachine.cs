using System.Text;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Calendar;
using Concord.Devices.Debug;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Power;
using Concord.Devices.Ppi;
using Concord.Devices.Video;
using Concord.Engines.Interpreter;

namespace Concord.Devices.Tests.Pc98;

/// <summary>
/// A PC-98 built from the devices as a PC-98 wires them, running firmware/bios98/bios98.bin on
/// the interpreter with a virtual clock (100 ns per instruction, halts skipped): the test rig for
/// the PC-98 devices and BIOS. Diskettes live in memory.
/// </summary>
internal sealed class Pc98TestMachine : IDisposable
{
    public const uint BiosAddress = 0xF0000;
    private const long NsPerInstruction = 100;
    private const long MaxSlice = 100_000;

    private readonly MemoryBlock _ram = new(640 * 1024);
    private readonly MemoryBlock _textRam = new(Pc98TextVideo.TextMemorySize);
    private readonly MemoryBlock _rom = new(0x10000);
    private readonly TestClock _clock = new(NsPerInstruction);
    private readonly Pic8259Pair _pic;
    private readonly PowerRelay _power = new();
    private readonly MemoryStream _console = new();
    private readonly Interpreter _cpu;
    private readonly ITimedDevice[] _timed;
    private readonly StringBuilder _keys = new();
    private int _typed;
    private bool _halted;

    public Pc98TestMachine(FloppyImage? unit0, FloppyImage? unit1 = null, DateTime? start = null)
    {
        DateTime now = start ?? new DateTime(2025, 1, 2, 3, 4, 5);
        Memory = new MemoryMap();
        Memory.MapRam(0, _ram, 0, _ram.Size);
        Memory.MapRam(Pc98TextVideo.TextBase, _textRam, 0, Pc98TextVideo.TextMemorySize);
        Memory.MapRom(BiosAddress, _rom, 0, _rom.Size);
        Memory.Load(BiosAddress, File.ReadAllBytes(RepoPaths.Under("firmware", "bios98", "bios98.bin")));
        Memory.A20 = false;
        // Memory switches (battery-backed): 640 KiB in switch 3, the year in switch 8.
        Memory.Write8(0xA3FEA, 0x04);
        Memory.Write8(0xA3FFE, (byte)(now.Year % 100 / 10 << 4 | now.Year % 10));

        var intr = new IntrLine();
        _pic = new Pic8259Pair(intr, Pic8259Pair.Pc98CascadeIrq);
        var pit = new Pit8254(_clock, _pic.Irq(0), Pit8254.Pc98InputFrequencyHz);
        Dma = new Dma8237(new MemoryMapDmaMemory(Memory));
        Fdc = new Fdc82077(_clock, _pic.Irq(Pc98FdcInterface.Irq), Dma);
        if (unit0 is not null)
        {
            Fdc.Attach(0, new FloppyDrive(_clock, FloppyDriveType.Drive1200K));
            Fdc.Drive(0)!.Insert(unit0);
        }
        if (unit1 is not null)
        {
            Fdc.Attach(1, new FloppyDrive(_clock, FloppyDriveType.Drive1200K));
            Fdc.Drive(1)!.Insert(unit1);
        }
        Keyboard = new Pc98Keyboard(new Usart8251(_pic.Irq(Usart8251.DefaultIrq)));
        Calendar = new Upd1990a(_clock, now);
        SystemPort = new Ppi8255(() => 0xF3, () => (byte)(0xE8 | (Calendar.DataOut ? 1 : 0)));
        Video = new Pc98TextVideo(Memory, _clock, Pc98TextVideo.TextGdcStatusPort, Pc98TextVideo.TextGdcCommandPort);

        Ports = new PortBus();
        new PortAlias(_pic, (0x00, 0x20), (0x02, 0x21), (0x08, 0xA0), (0x0A, 0xA1)).MapOn(Ports);
        var dmaPorts = new List<(ushort, ushort)>();
        for (ushort r = 0; r < 16; r++) dmaPorts.Add(((ushort)(2 * r + 1), r));
        dmaPorts.AddRange([(0x21, Dma8237.Channel1PagePort), (0x23, Dma8237.Channel2PagePort), (0x25, Dma8237.Channel3PagePort), (0x27, Dma8237.Channel0PagePort)]);
        new PortAlias(Dma, [.. dmaPorts]).MapOn(Ports);
        new PortAlias(pit, (0x71, Pit8254.Counter0Port), (0x73, Pit8254.Counter1Port), (0x75, Pit8254.Counter2Port), (0x77, Pit8254.ControlWordPort)).MapOn(Ports);
        Ports.Map(Upd1990a.Port, 1, Calendar);
        Ports.Map(Ppi8255.SystemPortA, 1, SystemPort);
        Ports.Map(Ppi8255.SystemPortB, 1, SystemPort);
        Ports.Map(Ppi8255.SystemPortC, 1, SystemPort);
        Ports.Map(Ppi8255.SystemControl, 1, SystemPort);
        Ports.Map(Usart8251.DataPort, 1, Keyboard.Interface);
        Ports.Map(Usart8251.ControlPort, 1, Keyboard.Interface);
        Ports.Map(Pc98TextVideo.TextGdcStatusPort, 1, Video);
        Ports.Map(Pc98TextVideo.TextGdcCommandPort, 1, Video);
        var graphics = new Pc98GraphicsGdc(_clock);
        Ports.Map(Pc98GraphicsGdc.StatusPort, 1, graphics);
        Ports.Map(Pc98GraphicsGdc.CommandPort, 1, graphics);
        var fdcInterface = new Pc98FdcInterface(Fdc);
        Ports.Map(Pc98FdcInterface.StatusPort, 1, fdcInterface);
        Ports.Map(Pc98FdcInterface.DataPort, 1, fdcInterface);
        Ports.Map(Pc98FdcInterface.ControlPort, 1, fdcInterface);
        Ports.Map(DebugConsole.Port, 1, new DebugConsole(_console));
        Ports.Map(PowerRelay.Port, 1, _power);

        _timed = [pit, Fdc];
        _cpu = new Interpreter(new VcpuOptions { Model = CpuModel.I8086, InvalidOpcode = InvalidOpcodePolicy.Exit }, Memory, Ports, _pic)
        {
            ExitOnHalt = true,
        };
        intr.Cpu = _cpu;
        _clock.Cpu = _cpu;
        _power.PowerOff += _cpu.RequestStop;
    }

    public MemoryMap Memory { get; }
    public PortBus Ports { get; }
    public Dma8237 Dma { get; }
    public Fdc82077 Fdc { get; }
    public Pc98Keyboard Keyboard { get; }
    public Upd1990a Calendar { get; }
    public Ppi8255 SystemPort { get; }
    public Pc98TextVideo Video { get; }
    /// <summary>Accesses to ports no device answers, as "in XXXX" / "out XXXX,VV" (after <see cref="RecordUnmappedPorts"/>).</summary>
    public List<string> UnmappedAccesses { get; } = [];

    /// <summary>Calls of watched vectors (<see cref="TraceVectors"/>): vector, AX, BX, CX, DX and the caller.</summary>
    public List<string> Calls { get; } = [];

    public long NowNs => _clock.NowNs;
    public long Instructions => _cpu.InstructionCount;
    public bool PoweredOff => _power.PowerOffRequested;
    public Interpreter Cpu => _cpu;

    /// <summary>What the guest wrote to port E9h.</summary>
    public string Console => Encoding.Latin1.GetString(_console.ToArray());

    public TextScreen Screen() => Video.Snapshot();

    /// <summary>Records every later call of these software interrupts in <see cref="Calls"/>.</summary>
    public void TraceVectors(params byte[] vectors)
    {
        foreach (byte v in vectors) _cpu.WatchVector(v, true);
    }

    /// <summary>Maps a recorder on every port nothing answers at.</summary>
    public void RecordUnmappedPorts()
    {
        var recorder = new UnmappedRecorder(UnmappedAccesses, _cpu);
        for (int p = 0; p < 0x10000; p++)
            if (Ports.DeviceAt((ushort)p) is null) Ports.Map((ushort)p, 1, recorder);
    }

    /// <summary>Queues text to type once the guest's keyboard buffer is empty.</summary>
    public void Type(string text) => _keys.Append(text);

    /// <summary>Runs until <paramref name="done"/> holds (checked every slice), power-off, or the machine-time limit; true if done.</summary>
    public bool RunUntil(Func<Pc98TestMachine, bool> done, double seconds)
    {
        long limit = _clock.NowNs + (long)(seconds * 1e9);
        while (_clock.NowNs < limit)
        {
            if (done(this)) return true;
            if (_power.PowerOffRequested) return false;
            long now = _clock.NowNs;
            foreach (ITimedDevice d in _timed)
                if (d.NextEventNs <= now) d.Advance(now);
            if (_typed < _keys.Length && KeyboardIdle()) Keyboard.Type(_keys[_typed++]);
            long next = long.MaxValue;
            foreach (ITimedDevice d in _timed) next = Math.Min(next, d.NextEventNs);
            if (_halted && !_pic.Intr)
            {
                CpuState state = _cpu.GetState();
                if (!state.Halted) _halted = false;
                else if ((state.Flags & (ushort)CpuFlags.IF) == 0 || next == long.MaxValue)
                {
                    if (_typed < _keys.Length && (state.Flags & (ushort)CpuFlags.IF) != 0) { _clock.SkipTo(now + 1_000_000); continue; }
                    return done(this);
                }
                else
                {
                    _clock.SkipTo(next);
                    continue;
                }
            }
            long budget = next == long.MaxValue ? MaxSlice : Math.Clamp((next - now + NsPerInstruction - 1) / NsPerInstruction, 1, MaxSlice);
            RunResult result = _cpu.Run(budget);
            if (result.Reason == ExitReason.WatchedInterrupt)
            {
                CpuState r = _cpu.GetState();
                Calls.Add($"INT {_cpu.LastExit.Vector:X2} AX={r.AX:X4} BX={r.BX:X4} CX={r.CX:X4} DX={r.DX:X4} from {r.CS:X4}:{r.IP:X4}");
                _cpu.DeliverInterrupt(_cpu.LastExit.Vector);
            }
            if (result.Reason == ExitReason.Halted) _halted = true;
            else if (result.Reason is ExitReason.InvalidOpcode or ExitReason.Shutdown)
                throw new InvalidOperationException($"guest fault {result.Reason} at {_cpu.LastExit}; screen:\n{Screen()}\nconsole:\n{Console}");
        }
        return done(this);
    }

    // The guest takes the next key once IR1 is unmasked, the 8251 is empty and the BIOS's buffer too.
    private bool KeyboardIdle()
    {
        Pic8259 master = _pic.Master;
        if (!master.Initialized || (master.Imr & 1 << Usart8251.DefaultIrq) != 0) return false;
        return Keyboard.Idle && Memory.Read8(0x528) == 0;
    }

    public void Dispose()
    {
        Memory.Dispose();
        _ram.Dispose();
        _textRam.Dispose();
        _rom.Dispose();
    }

    private sealed class UnmappedRecorder(List<string> log, Interpreter cpu) : IPortDevice
    {
        public byte Read(ushort port)
        {
            if (log.Count < 10_000) log.Add($"in {port:X4} at {cpu.GetState().CS:X4}:{cpu.GetState().IP:X4}");
            return 0xFF;
        }

        public void Write(ushort port, byte value)
        {
            if (log.Count < 10_000) log.Add($"out {port:X4},{value:X2} at {cpu.GetState().CS:X4}:{cpu.GetState().IP:X4}");
        }
    }

    private sealed class TestClock(long nsPerInstruction) : IClock
    {
        private long _skipped;

        public Interpreter? Cpu { get; set; }

        public long NowNs => _skipped + (Cpu?.InstructionCount ?? 0) * nsPerInstruction;

        public void SkipTo(long ns)
        {
            long now = NowNs;
            if (ns > now) _skipped += ns - now;
        }
    }

    private sealed class IntrLine : IIrqLine
    {
        public Interpreter? Cpu { get; set; }

        public void Set(bool level) => Cpu?.SetIntr(level);
    }
}
