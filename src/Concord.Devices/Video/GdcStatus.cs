namespace Concord.Devices.Video;

/// <summary>The uPD7220 status register (read from the status port of <see cref="Pc98TextVideo"/>).</summary>
[Flags]
public enum GdcStatus : byte
{
    /// <summary>The read FIFO holds a byte (after CSRR).</summary>
    DataReady = 0x01,
    FifoFull = 0x02,
    /// <summary>Always set here: commands and parameters are taken at once.</summary>
    FifoEmpty = 0x04,
    DrawingInProgress = 0x08,
    DmaExecute = 0x10,
    /// <summary>Follows the clock: set during the vertical retrace.</summary>
    VerticalSync = 0x20,
    /// <summary>Follows the clock: set during horizontal and vertical blanking.</summary>
    HorizontalBlank = 0x40,
    LightPenDetect = 0x80,
}
