namespace Concord.Devices.Floppy;

/// <summary>Status register 3 (SENSE DRIVE STATUS).</summary>
[Flags]
public enum St3 : byte
{
    DriveMask = 0x03,
    Head = 0x04,
    TwoSided = 0x08,
    Track0 = 0x10,
    Ready = 0x20,
    WriteProtected = 0x40,
    Fault = 0x80,
}
