namespace Concord.Devices.Floppy;

/// <summary>Digital output register (3F2h).</summary>
[Flags]
public enum DorBits : byte
{
    DriveSelectMask = 0x03,
    /// <summary>nRESET: 0 holds the controller in reset.</summary>
    NotReset = 0x04,
    /// <summary>DMAGATE: enables the IRQ and DRQ outputs (PC/AT mode).</summary>
    DmaGate = 0x08,
    Motor0 = 0x10,
    Motor1 = 0x20,
    Motor2 = 0x40,
    Motor3 = 0x80,
    MotorMask = 0xF0,
}
