namespace Concord.Devices.Cmos;

/// <summary>Status register C (0Ch, read-only; reading clears it and the IRQ).</summary>
[Flags]
public enum RtcStatusC : byte
{
    UpdateEndedFlag = 0x10,
    AlarmFlag = 0x20,
    PeriodicFlag = 0x40,
    /// <summary>IRQF: one of the flags above with its interrupt enabled.</summary>
    InterruptRequest = 0x80,
}
