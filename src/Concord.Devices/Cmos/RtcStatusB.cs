namespace Concord.Devices.Cmos;

/// <summary>Status register B (0Bh).</summary>
[Flags]
public enum RtcStatusB : byte
{
    DaylightSavingEnable = 0x01,
    /// <summary>24/12: 1 for 24-hour mode.</summary>
    Hour24 = 0x02,
    /// <summary>DM: 1 for binary, 0 for BCD.</summary>
    BinaryMode = 0x04,
    SquareWaveEnable = 0x08,
    UpdateEndedInterruptEnable = 0x10,
    AlarmInterruptEnable = 0x20,
    PeriodicInterruptEnable = 0x40,
    /// <summary>SET: updates stop so that the time can be written.</summary>
    Set = 0x80,
}
