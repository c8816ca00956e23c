using System.Text;
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
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.Profiles;

/// <summary>
/// One VM built from the Core, Devices and Engines pieces as a <see cref="PlatformProfile"/> says
/// (BIOS, text memory and video, drive type), with a virtual clock and a small run loop: what the
/// machine does with a profile, without the machine. Diskettes live in memory.
/// </summary>
internal sealed class ProfileTestMachine : IDisposable
{
    private const long NsPerInstruction = 100;
    private const long MaxSlice = 100_000;

    private readonly MemoryBlock _ram = new(640 * 1024);
    private readonly MemoryBlock _textRam;
    private readonly MemoryBlock _rom = new(PlatformProfile.BiosSize);
    private readonly TestClock _clock = new(NsPerInstruction);
    private readonly Pic8259Pair _pic;
    private readonly Kbc8042 _kbc;
    private readonly PowerRelay _power = new();
    private readonly MemoryStream _console = new();
    private readonly Interpreter _cpu;
    private readonly ITimedDevice[] _timed;
    private readonly StringBuilder _keys = new();
    private int _typed;
    private bool _halted;

    public ProfileTestMachine(PlatformProfile profile, FloppyImage floppyA, FloppyImage? floppyB = null)
    {
        Profile = profile;
        Memory = new MemoryMap();
        _textRam = new MemoryBlock(profile.TextMemorySize);
        Memory.MapRam(0, _ram, 0, _ram.Size);
        Memory.MapRam(profile.TextMemoryAddress, _textRam, 0, profile.TextMemorySize);
        Memory.MapRom(PlatformProfile.BiosAddress, _rom, 0, PlatformProfile.BiosSize);
        Memory.Load(PlatformProfile.BiosAddress, profile.LoadBios());
        Memory.A20 = false;

        var intr = new IntrLine();
        _pic = new Pic8259Pair(intr);
        var pit = new Pit8254(_clock, _pic.Irq(0));
        var portB = new SystemControlPortB(pit, _clock);
        var dma = new Dma8237(new MemoryMapDmaMemory(Memory));
        Fdc = new Fdc82077(_clock, _pic.Irq(Fdc82077.DefaultIrq), dma);
        FloppyDriveType typeB = floppyB is null ? FloppyDriveType.None : profile.DefaultDriveType;
        Fdc.Attach(0, new FloppyDrive(_clock, profile.DefaultDriveType));
        Fdc.Drive(0)!.Insert(floppyA);
        if (floppyB is not null)
        {
            Fdc.Attach(1, new FloppyDrive(_clock, typeB));
            Fdc.Drive(1)!.Insert(floppyB);
        }
        _kbc = new Kbc8042(_pic.Irq(Kbc8042.DefaultIrq));
        _kbc.A20Changed += on => Memory.A20 = on;
        var rtc = new Rtc146818(_clock, new DateTime(2025, 1, 1), _pic.Irq(Rtc146818.DefaultIrq), new CmosSettings
        {
            DriveA = profile.DefaultDriveType,
            DriveB = typeB,
            BaseMemoryKb = 640,
        });
        Video = profile.CreateVideo(Memory, _clock);

        Ports = new PortBus();
        Ports.Map(0x00, 16, dma);
        Ports.Map(Dma8237.Channel2PagePort, 3, dma);
        Ports.Map(Dma8237.Channel0PagePort, 1, dma);
        Ports.Map(Pic8259Pair.MasterCommandPort, 2, _pic);
        Ports.Map(Pic8259Pair.SlaveCommandPort, 2, _pic);
        Ports.Map(Pit8254.Counter0Port, 4, pit);
        Ports.Map(SystemControlPortB.Port, 1, portB);
        Ports.Map(Kbc8042.DataPort, 1, _kbc);
        Ports.Map(Kbc8042.StatusCommandPort, 1, _kbc);
        Ports.Map(Rtc146818.IndexPort, 2, rtc);
        Ports.Map(DebugConsole.Port, 1, new DebugConsole(_console));
        Ports.Map(PowerRelay.Port, 1, _power);
        Ports.Map(Fdc82077.PrimaryBasePort, 6, Fdc);
        Ports.Map(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset, 1, Fdc);
        Video.MapOn(Ports);

        _timed = [pit, Fdc, rtc];
        _cpu = new Interpreter(new VcpuOptions { Model = CpuModel.I8086, InvalidOpcode = InvalidOpcodePolicy.Exit }, Memory, Ports, _pic)
        {
            ExitOnHalt = true,
        };
        intr.Cpu = _cpu;
        _clock.Cpu = _cpu;
        _power.PowerOff += _cpu.RequestStop;
    }

    public PlatformProfile Profile { get; }
    public MemoryMap Memory { get; }
    public PortBus Ports { get; }
    public Fdc82077 Fdc { get; }
    public PlatformVideo Video { get; }
    public long NowNs => _clock.NowNs;
    public bool PoweredOff => _power.PowerOffRequested;

    /// <summary>What the guest wrote to port E9h.</summary>
    public string Console => Encoding.Latin1.GetString(_console.ToArray());

    public TextScreen Screen() => Video.Snapshot();

    /// <summary>Queues a line to type once the guest's keyboard is idle.</summary>
    public void TypeLine(string text) => _keys.Append(text).Append('\r');

    /// <summary>Runs until <paramref name="done"/> holds (checked every slice), power-off, or the machine-time limit; true if done.</summary>
    public bool RunUntil(Func<ProfileTestMachine, bool> done, double seconds)
    {
        long limit = _clock.NowNs + (long)(seconds * 1e9);
        while (_clock.NowNs < limit)
        {
            if (done(this)) return true;
            if (_power.PowerOffRequested) return false;
            long now = _clock.NowNs;
            foreach (ITimedDevice d in _timed)
                if (d.NextEventNs <= now) d.Advance(now);
            if (_typed < _keys.Length && KeyboardIdle()) _kbc.Type(_keys[_typed++]);
            long next = long.MaxValue;
            foreach (ITimedDevice d in _timed) next = Math.Min(next, d.NextEventNs);
            if (_halted && !_pic.Intr)
            {
                CpuState state = _cpu.GetState();
                if (!state.Halted) _halted = false;
                else if ((state.Flags & (ushort)CpuFlags.IF) == 0 || next == long.MaxValue) return done(this);
                else
                {
                    _clock.SkipTo(next);
                    continue;
                }
            }
            long budget = next == long.MaxValue ? MaxSlice : Math.Clamp((next - now + NsPerInstruction - 1) / NsPerInstruction, 1, MaxSlice);
            RunResult result = _cpu.Run(budget);
            if (result.Reason == ExitReason.Halted) _halted = true;
            else if (result.Reason is ExitReason.InvalidOpcode or ExitReason.Shutdown)
                throw new InvalidOperationException($"guest fault {result.Reason} at {_cpu.LastExit}; screen:\n{Screen()}");
        }
        return done(this);
    }

    // The guest takes the next key once IRQ 1 is unmasked, the 8042 is empty and the BIOS buffer too.
    private bool KeyboardIdle()
    {
        Pic8259 master = _pic.Master;
        if (!master.Initialized || master.VectorBase == 0 || (master.Imr & 1 << Kbc8042.DefaultIrq) != 0) return false;
        if ((_kbc.Status & KbcStatus.OutputBufferFull) != 0 || _kbc.PendingBytes != 0) return false;
        if (Memory.Read8(0x480) == 0) return false;
        return Memory.Read8(0x41A) == Memory.Read8(0x41C) && Memory.Read8(0x41B) == Memory.Read8(0x41D);
    }

    public void Dispose()
    {
        Memory.Dispose();
        _ram.Dispose();
        _textRam.Dispose();
        _rom.Dispose();
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
