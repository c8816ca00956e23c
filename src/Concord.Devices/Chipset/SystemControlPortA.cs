using Concord.Devices.Bus;

namespace Concord.Devices.Chipset;

/// <summary>
/// System control port A at 92h (PS/2 and most AT-class chipsets since): the "fast A20" gate and
/// a fast CPU reset, without the 8042's slow command round trip. Bit 1 enables A20 (the machine
/// ORs it with the 8042's output port bit: either opens the gate); writing bit 0 as 1 resets the
/// CPU (<see cref="ResetRequested"/>) and reads back 0. Bits 2-7 are kept as written (the PS/2's
/// security lock and LED bits, which nothing here uses). Reads give the value with bit 0 clear.
/// </summary>
public sealed class SystemControlPortA : IPortDevice
{
    public const ushort Port = 0x92;

    public const byte FastReset = 0x01;
    public const byte A20Bit = 0x02;

    private byte _value;

    /// <summary>Bit 1 changed: the machine recomputes its memory map's A20 gate.</summary>
    public event Action<bool>? A20Changed;

    /// <summary>Bit 0 was written as 1.</summary>
    public event Action? ResetRequested;

    /// <summary>Whether this port enables A20 (bit 1).</summary>
    public bool A20 => (_value & A20Bit) != 0;

    public byte Read(ushort port) => _value;

    public void Write(ushort port, byte value)
    {
        bool before = A20;
        _value = (byte)(value & ~FastReset);
        if (A20 != before) A20Changed?.Invoke(A20);
        if ((value & FastReset) != 0) ResetRequested?.Invoke();
    }
}
