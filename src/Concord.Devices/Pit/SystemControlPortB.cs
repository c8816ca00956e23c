using Concord.Devices.Bus;

namespace Concord.Devices.Pit;

/// <summary>
/// The AT's system control port B at 61h (the PC/XT's 8255 port B): speaker and timer-2 control.
/// Bit 0 gates PIT counter 2, bit 1 enables speaker data, bits 2-3 are stored (parity and channel
/// check enables); reads add bit 4, the refresh request toggle (it flips every 15.085 us of the
/// clock: BIOS delay loops count its edges), and bit 5, counter 2's OUT. Bits 6-7 (parity and
/// channel check errors) always read 0. No sound is produced; <see cref="SpeakerOn"/> tells whether
/// the speaker would sound.
/// </summary>
public sealed class SystemControlPortB : IPortDevice
{
    public const ushort Port = 0x61;
    /// <summary>Half the period of the refresh toggle (bit 4).</summary>
    public const long RefreshToggleNs = 15_085;

    private readonly Pit8254 _pit;
    private readonly IClock _clock;
    private byte _value;

    public SystemControlPortB(Pit8254 pit, IClock clock)
    {
        _pit = pit;
        _clock = clock;
        _pit.SetGate(2, false);
    }

    /// <summary>Bits 0-3 as last written.</summary>
    public SystemControlBits Written => (SystemControlBits)_value;

    /// <summary>Speaker data enabled and counter 2 gated: the speaker follows counter 2's OUT.</summary>
    public bool SpeakerOn => (_value & 3) == 3;

    public byte Read(ushort port)
    {
        int value = _value;
        if ((_clock.NowNs / RefreshToggleNs & 1) != 0) value |= (int)SystemControlBits.RefreshToggle;
        if (_pit.Out(2)) value |= (int)SystemControlBits.Timer2Out;
        return (byte)value;
    }

    public void Write(ushort port, byte value)
    {
        _value = (byte)(value & 0x0F);
        _pit.SetGate(2, (value & (byte)SystemControlBits.Timer2Gate) != 0);
    }
}
