namespace Concord.Devices.Cmos;

/// <summary>Clock registers of the MC146818 and the standard AT CMOS bytes.</summary>
public enum CmosRegister : byte
{
    Seconds = 0x00,
    SecondsAlarm = 0x01,
    Minutes = 0x02,
    MinutesAlarm = 0x03,
    Hours = 0x04,
    HoursAlarm = 0x05,
    DayOfWeek = 0x06,
    DayOfMonth = 0x07,
    Month = 0x08,
    Year = 0x09,
    StatusA = 0x0A,
    StatusB = 0x0B,
    StatusC = 0x0C,
    StatusD = 0x0D,
    DiagnosticStatus = 0x0E,
    ShutdownStatus = 0x0F,
    /// <summary>High nibble drive A, low nibble drive B (see <see cref="Floppy.FloppyDriveType"/>).</summary>
    DisketteTypes = 0x10,
    HardDiskTypes = 0x12,
    Equipment = 0x14,
    BaseMemoryLow = 0x15,
    BaseMemoryHigh = 0x16,
    ExtendedMemoryLow = 0x17,
    ExtendedMemoryHigh = 0x18,
    ChecksumHigh = 0x2E,
    ChecksumLow = 0x2F,
    ActualExtendedMemoryLow = 0x30,
    ActualExtendedMemoryHigh = 0x31,
    Century = 0x32,
}
