namespace Concord.Devices.Floppy;

/// <summary>Status register 2.</summary>
[Flags]
public enum St2 : byte
{
    MissingDataAddressMark = 0x01,
    /// <summary>BC: bad cylinder (the ID's cylinder is FFh).</summary>
    BadCylinder = 0x02,
    ScanNotSatisfied = 0x04,
    ScanEqualHit = 0x08,
    /// <summary>WC: wrong cylinder (the ID's cylinder differs from the command's).</summary>
    WrongCylinder = 0x10,
    DataErrorInData = 0x20,
    /// <summary>CM: control mark (a deleted sector was met by READ DATA or a normal one by READ DELETED DATA).</summary>
    ControlMark = 0x40,
}
