namespace Concord.Devices.Video;

/// <summary>
/// The commands of the text GDC (uPD7220) that <see cref="Pc98TextVideo"/> decodes, by their
/// command byte (written to the command port). Parameters follow on the parameter port.
/// </summary>
public enum GdcCommand : byte
{
    /// <summary>Reset: blank the display, empty the FIFO; 8 SYNC parameters follow (accepted, ignored).</summary>
    Reset = 0x00,
    /// <summary>Display off (BCTRL with DE = 0).</summary>
    Stop = 0x0C,
    /// <summary>Display on (BCTRL with DE = 1).</summary>
    Start = 0x0D,
    /// <summary>SYNC with DE = 0: 8 parameters (accepted, ignored), display off.</summary>
    SyncDisplayOff = 0x0E,
    /// <summary>SYNC with DE = 1: 8 parameters (accepted, ignored), display on.</summary>
    SyncDisplayOn = 0x0F,
    /// <summary>ZOOM: 1 parameter (accepted, ignored).</summary>
    Zoom = 0x46,
    /// <summary>PITCH: 1 parameter (accepted, ignored: the pitch is always 80 cells).</summary>
    Pitch = 0x47,
    /// <summary>CSRW: the cursor (execute) address, 3 parameters: bits 0-7, 8-15, 16-17 (bits 0-1 of the third).</summary>
    CursorWrite = 0x49,
    /// <summary>CSRFORM: the cursor's form, 3 parameters (see <see cref="Pc98TextVideo"/>).</summary>
    CursorForm = 0x4B,
    /// <summary>PRAM write from byte 0 (70h-7Fh: from byte n): display area parameters, of which bytes 0-2 are the start address.</summary>
    ParameterRamWrite = 0x70,
    /// <summary>CSRR: the FIFO then holds 5 bytes: the cursor address (3 bytes) and the dot address (2 bytes, always 0).</summary>
    CursorRead = 0xE0,
}
