using Concord.Devices.Bus;

namespace Concord.Devices.Ppi;

/// <summary>
/// Intel 8255A programmable peripheral interface in mode 0, as the PC-98's system port: port A at
/// 31h (input: DIP switch 2), port B at 33h (input: the board's status lines, bit 0 the calendar
/// clock's DATA OUT), port C at 35h (output: RS-232C interrupt masks, beeper, shutdown flags) and
/// the control word at 37h. No interrupt or DMA lines.
/// </summary>
/// <remarks>
/// Ports A and B read what the board presents (<see cref="PortA"/>, <see cref="PortB"/>); port C
/// reads back what was written, either whole or through the control word's bit set/reset form (bit
/// 7 = 0: bit n = bits 1-3, its value bit 0). A mode-set control word (bit 7 = 1) clears port C, as
/// on the chip; the modes themselves are not modelled (ports A and B are always inputs, port C always
/// an output), nor modes 1 and 2.
/// </remarks>
public sealed class Ppi8255 : IPortDevice
{
    public const ushort SystemPortA = 0x31;
    public const ushort SystemPortB = 0x33;
    public const ushort SystemPortC = 0x35;
    public const ushort SystemControl = 0x37;

    private readonly ushort _a, _b, _c, _control;

    /// <param name="portA">What port A's pins read.</param>
    /// <param name="portB">What port B's pins read.</param>
    public Ppi8255(Func<byte> portA, Func<byte> portB, ushort a = SystemPortA, ushort b = SystemPortB, ushort c = SystemPortC, ushort control = SystemControl)
    {
        PortA = portA;
        PortB = portB;
        (_a, _b, _c, _control) = (a, b, c, control);
    }

    public Func<byte> PortA { get; }

    public Func<byte> PortB { get; }

    /// <summary>Port C's output latch.</summary>
    public byte PortC { get; private set; }

    /// <summary>The last mode-set control word.</summary>
    public byte Mode { get; private set; } = 0x9B;

    /// <summary>Raised when port C's output changes (old, new).</summary>
    public event Action<byte, byte>? PortCChanged;

    public byte Read(ushort port)
    {
        if (port == _a) return PortA();
        if (port == _b) return PortB();
        if (port == _c) return PortC;
        return 0xFF;
    }

    public void Write(ushort port, byte value)
    {
        if (port == _c) SetPortC(value);
        else if (port != _control) return;
        else if ((value & 0x80) != 0)
        {
            Mode = value;
            SetPortC(0);
        }
        else
        {
            int bit = 1 << (value >> 1 & 7);
            SetPortC((byte)((value & 1) != 0 ? PortC | bit : PortC & ~bit));
        }
    }

    private void SetPortC(byte value)
    {
        byte old = PortC;
        PortC = value;
        if (old != value) PortCChanged?.Invoke(old, value);
    }
}
