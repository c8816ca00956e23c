namespace Concord.Devices.Floppy;

/// <summary>Command codes (the low five bits of the first command byte).</summary>
public enum FdcCommand : byte
{
    None = 0x00,
    ReadTrack = 0x02,
    Specify = 0x03,
    SenseDriveStatus = 0x04,
    WriteData = 0x05,
    ReadData = 0x06,
    Recalibrate = 0x07,
    SenseInterruptStatus = 0x08,
    WriteDeletedData = 0x09,
    ReadId = 0x0A,
    ReadDeletedData = 0x0C,
    FormatTrack = 0x0D,
    DumpRegisters = 0x0E,
    Seek = 0x0F,
    Version = 0x10,
    ScanEqual = 0x11,
    PerpendicularMode = 0x12,
    Configure = 0x13,
    Lock = 0x14,
    Verify = 0x16,
    ScanLowOrEqual = 0x19,
    ScanHighOrEqual = 0x1D,
}
