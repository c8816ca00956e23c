namespace Concord.Devices.Pit;

/// <summary>The 8254 control word written to port 43h: SC1 SC0 RW1 RW0 M2 M1 M0 BCD.</summary>
[Flags]
public enum PitControlWord : byte
{
    Bcd = 0x01,
    ModeMask = 0x0E,
    /// <summary>RW1 RW0: 00 is the counter latch command.</summary>
    AccessMask = 0x30,
    AccessLowByte = 0x10,
    AccessHighByte = 0x20,
    AccessWord = 0x30,
    /// <summary>SC1 SC0: 11 is the read-back command.</summary>
    SelectMask = 0xC0,
    ReadBack = 0xC0,
}
