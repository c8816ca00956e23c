namespace Concord.Devices.Cmos;

/// <summary>Status register A (0Ah).</summary>
[Flags]
public enum RtcStatusA : byte
{
    /// <summary>RS3-RS0: the periodic interrupt rate (0 = none, 6 = 1024 Hz).</summary>
    RateMask = 0x0F,
    /// <summary>DV2-DV0: the time base divider (010 = 32.768 kHz, time running).</summary>
    DividerMask = 0x70,
    Divider32Khz = 0x20,
    /// <summary>UIP: an update of the time registers is about to happen (the last 244 us of each second).</summary>
    UpdateInProgress = 0x80,
}
