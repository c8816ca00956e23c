using Concord.Devices.Bus;

namespace Concord.Devices.Pit;

/// <summary>
/// Intel 8254 programmable interval timer at ports 40h-43h, clocked at 1.193182 MHz from the
/// machine's <see cref="IClock"/>. Counter 0's OUT drives IRQ 0; counter 2's gate and OUT belong to
/// port 61h (<see cref="SystemControlPortB"/>); counter 1 (DRAM refresh on a PC) has no outputs here.
/// A PC-98 has the 8253 (the same counters without read-back) at 71h/73h/75h/77h (through a
/// <see cref="PortAlias"/>), clocked at 2.4576 MHz (<see cref="Pc98InputFrequencyHz"/>); its
/// counter 1 sounds the beeper and counter 2 clocks the RS-232C, neither modelled.
/// </summary>
/// <remarks>
/// All six modes, binary and BCD, low/high/word access, the counter latch command and the read-back
/// command. Counts are computed from the clock when read; the only timed event is the next rising
/// edge of counter 0's OUT (<see cref="ITimedDevice"/>), at which IRQ 0 is raised. If the machine
/// advances past several edges at once, one request is made (the PIC would latch only one anyway)
/// and the others are counted in <see cref="MergedIrq0Edges"/>, so that a monitor which held the
/// machine still can deliver them late.
/// Limitations: a count is loaded on the tick it is written (the real part loads it on the next
/// input clock), and mode 3 with an odd count reads back approximate values.
/// </remarks>
public sealed class Pit8254 : IPortDevice, ITimedDevice
{
    public const ushort Counter0Port = 0x40;
    public const ushort Counter1Port = 0x41;
    public const ushort Counter2Port = 0x42;
    public const ushort ControlWordPort = 0x43;
    /// <summary>The AT's timer clock.</summary>
    public const long InputFrequencyHz = 1_193_182;
    /// <summary>The timer clock of a PC-98 with a 5 or 10 MHz system clock (BIOS flag 0:0501h bit 7 = 0).</summary>
    public const long Pc98InputFrequencyHz = 2_457_600;

    private readonly IClock _clock;
    private readonly IIrqLine? _irq0;
    private readonly PitCounter[] _counters = [new(), new(), new()];
    private long _nextIrqEdgeTick = long.MaxValue;
    private bool _irqLevel;

    /// <param name="clock">The machine's clock.</param>
    /// <param name="irq0">IRQ 0 of the PIC, driven by counter 0's OUT; optional.</param>
    /// <param name="inputFrequencyHz">The counters' input clock (the board's).</param>
    public Pit8254(IClock clock, IIrqLine? irq0 = null, long inputFrequencyHz = InputFrequencyHz)
    {
        if (inputFrequencyHz is <= 0 or > 1_000_000_000)
            throw new ArgumentOutOfRangeException(nameof(inputFrequencyHz), inputFrequencyHz, "the input clock must be 1 Hz to 1 GHz");
        _clock = clock;
        _irq0 = irq0;
        FrequencyHz = inputFrequencyHz;
    }

    /// <summary>The counters' input clock.</summary>
    public long FrequencyHz { get; }

    public PitCounter Counter(int index) => _counters[index];

    /// <summary>
    /// Rising edges of counter 0's OUT that went by inside a single <see cref="Advance"/> (the machine was
    /// not advanced at each of them) beyond the one that raised IRQ 0: the timer interrupts the software
    /// never saw, counted since this PIT was made. A running machine advanced at every event never
    /// merges; a monitor that stopped a VM for a while reads here how many ticks it owes it.
    /// </summary>
    public long MergedIrq0Edges { get; private set; }

    public long NextEventNs => _nextIrqEdgeTick == long.MaxValue ? long.MaxValue : TicksToNs(_nextIrqEdgeTick, FrequencyHz);

    /// <summary>The input-clock tick at <paramref name="ns"/>, for a clock of <paramref name="hz"/>.</summary>
    public static long NsToTicks(long ns, long hz = InputFrequencyHz) =>
        ns / 1_000_000_000 * hz + ns % 1_000_000_000 * hz / 1_000_000_000;

    /// <summary>The first nanosecond at which tick <paramref name="tick"/> has begun, for a clock of <paramref name="hz"/>.</summary>
    public static long TicksToNs(long tick, long hz = InputFrequencyHz) =>
        tick / hz * 1_000_000_000 + (tick % hz * 1_000_000_000 + hz - 1) / hz;

    private long Now => NsToTicks(_clock.NowNs, FrequencyHz);

    /// <summary>OUT of counter <paramref name="index"/> now.</summary>
    public bool Out(int index) => _counters[index].Out(Now);

    /// <summary>Sets the GATE input of counter <paramref name="index"/> (counter 2's comes from port 61h bit 0).</summary>
    public void SetGate(int index, bool level)
    {
        long tick = Now;
        _counters[index].SetGate(level, tick);
        if (index == 0) SyncIrq0(tick);
    }

    public byte Read(ushort port)
    {
        int index = port - Counter0Port;
        if ((uint)index > 2) return 0xFF; // the control word register cannot be read
        return _counters[index].ReadByte(Now);
    }

    public void Write(ushort port, byte value)
    {
        long tick = Now;
        int index = port - Counter0Port;
        if ((uint)index <= 2)
        {
            _counters[index].WriteCount(value, tick);
        }
        else if (port == ControlWordPort)
        {
            var cw = (PitControlWord)value;
            int select = value >> 6;
            if ((cw & PitControlWord.SelectMask) == PitControlWord.ReadBack)
            {
                var rb = (PitReadBack)value;
                for (int i = 0; i < 3; i++)
                {
                    if ((value >> (i + 1) & 1) == 0) continue;
                    if ((rb & PitReadBack.NoStatus) == 0) _counters[i].LatchStatus(tick);
                    if ((rb & PitReadBack.NoCount) == 0) _counters[i].LatchCount(tick);
                }
            }
            else if ((cw & PitControlWord.AccessMask) == 0)
            {
                _counters[select].LatchCount(tick);
            }
            else
            {
                _counters[select].WriteControl(cw);
            }
        }
        SyncIrq0(tick);
    }

    public void Advance(long nowNs)
    {
        long tick = NsToTicks(nowNs, FrequencyHz);
        if (_nextIrqEdgeTick <= tick)
        {
            long period = _counters[0].Period;
            if (period > 0) MergedIrq0Edges += (tick - _nextIrqEdgeTick) / period;
            if (_irqLevel) _irq0?.Set(false);
            _irq0?.Set(true);
            _irqLevel = true;
        }
        SyncIrq0(tick);
    }

    private void SyncIrq0(long tick)
    {
        bool output = _counters[0].Out(tick);
        if (output != _irqLevel)
        {
            _irqLevel = output;
            _irq0?.Set(output);
        }
        _nextIrqEdgeTick = _counters[0].NextRisingEdge(tick);
    }
}
