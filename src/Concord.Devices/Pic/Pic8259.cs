namespace Concord.Devices.Pic;

/// <summary>
/// One Intel 8259A programmable interrupt controller, seen through its A0 line (even/odd port).
/// <see cref="Pic8259Pair"/> puts two of them at 20h/21h and A0h/A1h.
/// </summary>
/// <remarks>
/// Supported: ICW1-ICW4, OCW1-OCW3, IRR/ISR reads, the poll command, specific and non-specific EOI,
/// automatic EOI, fixed and rotating priorities, special mask mode, special fully nested mode,
/// edge- and level-triggered inputs. Limitations: 8080/8085 call mode (ICW4 uPM = 0) answers with
/// the 8086 vector; buffered mode has no effect. An edge-triggered request stays latched in the IRR
/// when its line falls before the acknowledge (as most PC emulators do; a real 8259A would then
/// report IRQ 7 as spurious).
/// </remarks>
public sealed class Pic8259
{
    private Pic8259State _s;

    public Pic8259() => Reset();

    /// <summary>A copy of the whole state.</summary>
    public Pic8259State State => _s;

    public void Restore(in Pic8259State state) => _s = state;

    /// <summary>Power-on state: not initialized, everything clear, IR7 lowest priority.</summary>
    public void Reset()
    {
        _s = default;
        _s.LowestPriority = 7;
    }

    public byte Irr => _s.Irr;
    public byte Isr => _s.Isr;
    public byte Imr => _s.Imr;
    public byte VectorBase => _s.VectorBase;
    public bool Initialized => _s.ExpectedIcw == 0;

    /// <summary>Whether the input <paramref name="level"/> has a slave (ICW3 of a master in cascade mode).</summary>
    public bool HasSlaveAt(int level) => (_s.Icw1 & Icw1.Single) == 0 && (_s.Icw3 >> level & 1) != 0;

    /// <summary>Sets the level of input line <paramref name="irq"/> (0-7).</summary>
    public void SetLine(int irq, bool level)
    {
        byte bit = (byte)(1 << irq);
        bool was = (_s.Lines & bit) != 0;
        if (level) _s.Lines |= bit; else _s.Lines &= (byte)~bit;
        if ((_s.Icw1 & Icw1.LevelTriggered) != 0)
        {
            if (level) _s.Irr |= bit; else _s.Irr &= (byte)~bit;
        }
        else if (level && !was)
        {
            _s.Irr |= bit;
        }
    }

    /// <summary>
    /// Makes a request on input <paramref name="irq"/> as an edge would, whatever the line's level: for a
    /// monitor that delivers an interrupt its device raised while the VM was held still (the line
    /// could carry only one edge for several). Real software cannot do this.
    /// </summary>
    public void Request(int irq) => _s.Irr |= (byte)(1 << irq);

    /// <summary>The INT output: a request of higher priority than everything in service.</summary>
    public bool Int => PendingLevel() >= 0;

    /// <summary>The level INT stands for, or -1.</summary>
    public int PendingLevel()
    {
        int request = Highest((byte)(_s.Irr & ~_s.Imr));
        if (request < 0) return -1;
        byte inService = _s.SpecialMaskMode ? (byte)(_s.Isr & ~_s.Imr) : _s.Isr;
        if ((_s.Icw4 & Icw4.SpecialFullyNested) != 0)
            inService &= (byte)~(1 << request & _s.Icw3); // a slave may interrupt its own in-service level
        int served = Highest(inService);
        if (served < 0 || Priority(request) < Priority(served)) return request;
        return -1;
    }

    /// <summary>
    /// The INTA cycle: the level being acknowledged (its IRR bit moves to the ISR), or -1 when INT
    /// is no longer asserted (the caller then answers with level 7 and sets no ISR bit: a spurious interrupt).
    /// </summary>
    public int Acknowledge()
    {
        int level = PendingLevel();
        if (level < 0) return -1;
        byte bit = (byte)(1 << level);
        if ((_s.Icw1 & Icw1.LevelTriggered) == 0) _s.Irr &= (byte)~bit;
        if ((_s.Icw4 & Icw4.AutoEoi) != 0)
        {
            if (_s.RotateInAutoEoi) _s.LowestPriority = (byte)level;
        }
        else
        {
            _s.Isr |= bit;
        }
        return level;
    }

    /// <summary>A read of the even (A0 = 0) or odd (A0 = 1) port.</summary>
    public byte Read(bool a0)
    {
        if (_s.PollPending)
        {
            _s.PollPending = false;
            int level = Acknowledge();
            return level < 0 ? (byte)0 : (byte)(0x80 | level);
        }
        if (a0) return _s.Imr;
        return _s.ReadIsr ? _s.Isr : _s.Irr;
    }

    /// <summary>A write to the even (A0 = 0) or odd (A0 = 1) port.</summary>
    public void Write(bool a0, byte value)
    {
        if (!a0)
        {
            if ((value & (byte)Icw1.Init) != 0) WriteIcw1((Icw1)value);
            else if ((value & (byte)Ocw3.Select) != 0) WriteOcw3((Ocw3)value);
            else WriteOcw2((Ocw2)value);
            return;
        }
        switch (_s.ExpectedIcw)
        {
            case 2:
                _s.VectorBase = (byte)(value & 0xF8);
                _s.ExpectedIcw = (_s.Icw1 & Icw1.Single) == 0 ? (byte)3 : (_s.Icw1 & Icw1.Ic4) != 0 ? (byte)4 : (byte)0;
                break;
            case 3:
                _s.Icw3 = value;
                _s.ExpectedIcw = (_s.Icw1 & Icw1.Ic4) != 0 ? (byte)4 : (byte)0;
                break;
            case 4:
                _s.Icw4 = (Icw4)(value & 0x1F);
                _s.ExpectedIcw = 0;
                break;
            default:
                _s.Imr = value; // OCW1
                break;
        }
    }

    private void WriteIcw1(Icw1 icw1)
    {
        // The datasheet's initialization: edge sense reset, IMR cleared, IR7 lowest priority,
        // special mask mode off, status read set to the IRR, ICW4 functions cleared without IC4.
        byte lines = _s.Lines;
        _s = default;
        _s.Lines = lines;
        _s.Icw1 = icw1;
        _s.LowestPriority = 7;
        _s.ExpectedIcw = 2;
        if ((icw1 & Icw1.LevelTriggered) != 0) _s.Irr = lines;
    }

    private void WriteOcw2(Ocw2 ocw2)
    {
        int level = (int)(ocw2 & Ocw2.LevelMask);
        switch (ocw2 & ~Ocw2.LevelMask)
        {
            case Ocw2.NonSpecificEoi:
            case Ocw2.RotateOnNonSpecificEoi:
                int served = Highest(_s.Isr);
                if (served < 0) return;
                _s.Isr &= (byte)~(1 << served);
                if ((ocw2 & Ocw2.Rotate) != 0) _s.LowestPriority = (byte)served;
                break;
            case Ocw2.SpecificEoi:
                _s.Isr &= (byte)~(1 << level);
                break;
            case Ocw2.RotateOnSpecificEoi:
                _s.Isr &= (byte)~(1 << level);
                _s.LowestPriority = (byte)level;
                break;
            case Ocw2.SetPriority:
                _s.LowestPriority = (byte)level;
                break;
            case Ocw2.SetRotateInAutoEoi:
                _s.RotateInAutoEoi = true;
                break;
            case Ocw2.ClearRotateInAutoEoi:
                _s.RotateInAutoEoi = false;
                break;
        }
    }

    private void WriteOcw3(Ocw3 ocw3)
    {
        if ((ocw3 & Ocw3.ReadRegister) != 0) _s.ReadIsr = (ocw3 & Ocw3.ReadIsr) != 0;
        if ((ocw3 & Ocw3.EnableSpecialMask) != 0) _s.SpecialMaskMode = (ocw3 & Ocw3.SpecialMask) != 0;
        if ((ocw3 & Ocw3.Poll) != 0) _s.PollPending = true;
    }

    /// <summary>0 for the highest priority, 7 for the lowest.</summary>
    private int Priority(int level) => (level - _s.LowestPriority - 1) & 7;

    /// <summary>The level of highest priority among the bits of <paramref name="bits"/>, or -1.</summary>
    private int Highest(byte bits)
    {
        if (bits == 0) return -1;
        for (int p = 0; p < 8; p++)
        {
            int level = (_s.LowestPriority + 1 + p) & 7;
            if ((bits >> level & 1) != 0) return level;
        }
        return -1;
    }
}
