namespace Concord.Devices.Pit;

/// <summary>The status byte a read-back command latches: OUT, NULL COUNT, then the counter's control bits.</summary>
[Flags]
public enum PitStatus : byte
{
    Bcd = 0x01,
    ModeMask = 0x0E,
    AccessMask = 0x30,
    NullCount = 0x40,
    Output = 0x80,
}
