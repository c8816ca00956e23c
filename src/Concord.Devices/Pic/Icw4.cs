namespace Concord.Devices.Pic;

/// <summary>Initialization command word 4.</summary>
[Flags]
public enum Icw4 : byte
{
    /// <summary>uPM: 8086/8088 mode (the vector is one byte: base + level).</summary>
    Mode8086 = 0x01,
    /// <summary>AEOI: automatic end of interrupt at the end of the acknowledge.</summary>
    AutoEoi = 0x02,
    /// <summary>M/S: master in buffered mode (no effect here).</summary>
    BufferMaster = 0x04,
    /// <summary>BUF: buffered mode (no effect here).</summary>
    Buffered = 0x08,
    /// <summary>SFNM: special fully nested mode (a master lets a slave interrupt its own in-service level).</summary>
    SpecialFullyNested = 0x10,
}
