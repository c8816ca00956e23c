namespace Concord.Devices.Keyboard;

/// <summary>The 8042 output port (commands D0h and D1h).</summary>
[Flags]
public enum KbcOutputPort : byte
{
    /// <summary>0 resets the CPU.</summary>
    NotSystemReset = 0x01,
    /// <summary>The A20 gate.</summary>
    A20 = 0x02,
    AuxClock = 0x04,
    AuxData = 0x08,
    KeyboardOutputFull = 0x10,
    AuxOutputFull = 0x20,
    KeyboardClock = 0x40,
    KeyboardData = 0x80,
}
