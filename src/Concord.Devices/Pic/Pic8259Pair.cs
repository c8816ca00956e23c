using Concord.Core.Io;
using Concord.Devices.Bus;

namespace Concord.Devices.Pic;

/// <summary>
/// Two cascaded 8259A interrupt controllers, as the AT wires them: the master at ports 20h/21h,
/// the slave at A0h/A1h, the slave's INT on the master's IR2. IRQ 0-7 reach the master, IRQ 8-15
/// the slave. A PC-98 wires the slave's INT to the master's IR7 (<see cref="Pc98CascadeIrq"/>) and
/// places the ports at 00h/02h and 08h/0Ah (through a <see cref="PortAlias"/>).
/// </summary>
/// <remarks>
/// Devices raise requests through <see cref="Irq"/>. The CPU side sees <see cref="Intr"/> (also
/// mirrored onto the optional INTR line given at construction) and acknowledges with
/// <see cref="Acknowledge"/>, which returns the vector. A spurious acknowledge (nothing pending any
/// more) answers with IRQ 7's vector of the chip concerned and sets no ISR bit, as the 8259A does:
/// callers should acknowledge only while <see cref="Intr"/> is set. See <see cref="Pic8259"/> for
/// the limitations of each chip.
/// </remarks>
public sealed class Pic8259Pair : IPortDevice, IInterruptAcknowledge
{
    public const ushort MasterCommandPort = 0x20;
    public const ushort MasterDataPort = 0x21;
    public const ushort SlaveCommandPort = 0xA0;
    public const ushort SlaveDataPort = 0xA1;
    /// <summary>The master input the AT wires the slave's INT to.</summary>
    public const int AtCascadeIrq = 2;
    /// <summary>The master input the PC-98 wires the slave's INT to.</summary>
    public const int Pc98CascadeIrq = 7;

    private readonly IIrqLine? _intr;
    private readonly PicInput[] _inputs = new PicInput[16];
    private bool _intrLevel;

    /// <param name="intr">The CPU's INTR input, set whenever <see cref="Intr"/> changes; optional.</param>
    /// <param name="cascadeIrq">The master input the slave's INT is wired to (the board's choice).</param>
    public Pic8259Pair(IIrqLine? intr = null, int cascadeIrq = AtCascadeIrq)
    {
        if ((uint)cascadeIrq > 7) throw new ArgumentOutOfRangeException(nameof(cascadeIrq), cascadeIrq, "the slave's INT goes to a master input 0-7");
        _intr = intr;
        CascadeIrq = cascadeIrq;
        for (int i = 0; i < 16; i++) _inputs[i] = new PicInput(this, i);
    }

    /// <summary>The master input the slave's INT is wired to.</summary>
    public int CascadeIrq { get; }

    public Pic8259 Master { get; } = new();
    public Pic8259 Slave { get; } = new();

    /// <summary>The INTR output to the CPU.</summary>
    public bool Intr => _intrLevel;

    /// <summary>The request line of IRQ <paramref name="irq"/> (0-15), to hand to a device.</summary>
    public IIrqLine Irq(int irq) => _inputs[irq];

    /// <summary>
    /// Requests IRQ <paramref name="irq"/> (0-15) as an edge would, whatever its line's level (see
    /// <see cref="Pic8259.Request"/>): a monitor's late delivery of an interrupt a device raised while the VM stood still.
    /// </summary>
    public void Request(int irq)
    {
        if (irq < 8) Master.Request(irq);
        else Slave.Request(irq - 8);
        Update();
    }

    /// <summary>Whether IRQ <paramref name="irq"/> (0-7, the master's) is requested or in service.</summary>
    public bool Pending(int irq) => ((Master.Irr | Master.Isr) >> irq & 1) != 0;

    /// <summary>Sets the level of IRQ <paramref name="irq"/> (0-15).</summary>
    public void SetIrq(int irq, bool level)
    {
        if (irq < 8) Master.SetLine(irq, level);
        else Slave.SetLine(irq - 8, level);
        Update();
    }

    public int Acknowledge()
    {
        int vector;
        int level = Master.Acknowledge();
        if (level < 0)
        {
            vector = Master.VectorBase + 7;
        }
        else if (Master.HasSlaveAt(level))
        {
            int slaveLevel = Slave.Acknowledge();
            vector = Slave.VectorBase + (slaveLevel < 0 ? 7 : slaveLevel);
        }
        else
        {
            vector = Master.VectorBase + level;
        }
        Update();
        return vector;
    }

    public byte Read(ushort port)
    {
        byte value = port switch
        {
            MasterCommandPort => Master.Read(false),
            MasterDataPort => Master.Read(true),
            SlaveCommandPort => Slave.Read(false),
            SlaveDataPort => Slave.Read(true),
            _ => 0xFF,
        };
        Update(); // a poll read acknowledges
        return value;
    }

    public void Write(ushort port, byte value)
    {
        switch (port)
        {
            case MasterCommandPort: Master.Write(false, value); break;
            case MasterDataPort: Master.Write(true, value); break;
            case SlaveCommandPort: Slave.Write(false, value); break;
            case SlaveDataPort: Slave.Write(true, value); break;
            default: return;
        }
        Update();
    }

    private void Update()
    {
        Master.SetLine(CascadeIrq, Slave.Int);
        bool level = Master.Int;
        if (level == _intrLevel) return;
        _intrLevel = level;
        _intr?.Set(level);
    }

    private sealed class PicInput(Pic8259Pair pair, int irq) : IIrqLine
    {
        public void Set(bool level) => pair.SetIrq(irq, level);
    }
}
