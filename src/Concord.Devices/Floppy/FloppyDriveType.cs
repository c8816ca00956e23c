namespace Concord.Devices.Floppy;

/// <summary>Drive types, numbered as in CMOS byte 10h.</summary>
public enum FloppyDriveType : byte
{
    None = 0,
    Drive360K = 1,
    Drive1200K = 2,
    Drive720K = 3,
    Drive1440K = 4,
    Drive2880K = 5,
}
