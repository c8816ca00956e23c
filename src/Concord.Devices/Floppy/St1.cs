namespace Concord.Devices.Floppy;

/// <summary>Status register 1.</summary>
[Flags]
public enum St1 : byte
{
    /// <summary>MA: missing address mark (no ID found on the track within two revolutions).</summary>
    MissingAddressMark = 0x01,
    /// <summary>NW: not writable (write protected).</summary>
    NotWritable = 0x02,
    /// <summary>ND: no data (the sector's ID was not found).</summary>
    NoData = 0x04,
    /// <summary>OR: overrun/underrun (the DMA did not serve the controller in time).</summary>
    Overrun = 0x10,
    /// <summary>DE: data error (CRC).</summary>
    DataError = 0x20,
    /// <summary>EN: end of cylinder (EOT passed without terminal count).</summary>
    EndOfCylinder = 0x80,
}
