namespace Concord.Devices.Floppy;

/// <summary>Status register 0.</summary>
[Flags]
public enum St0 : byte
{
    DriveMask = 0x03,
    /// <summary>H: the head at the end of the command.</summary>
    Head = 0x04,
    /// <summary>NR: not ready (always 0 on the 82077).</summary>
    NotReady = 0x08,
    /// <summary>EC: equipment check (track 0 not found by RECALIBRATE).</summary>
    EquipmentCheck = 0x10,
    /// <summary>SE: seek end (SEEK, RECALIBRATE, implied seek).</summary>
    SeekEnd = 0x20,
    InterruptCodeMask = 0xC0,
    NormalTermination = 0x00,
    AbnormalTermination = 0x40,
    InvalidCommand = 0x80,
    /// <summary>Abnormal termination because of polling: the four statuses after a reset.</summary>
    AbnormalPolling = 0xC0,
}
