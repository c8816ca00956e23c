namespace Concord.Devices.Video;

/// <summary>
/// One cell's attribute byte in the PC-98 text layout (the low byte of the cell's word at A2000h).
/// The colour is a 3-bit GRB number in bits 5-7 (<see cref="Pc98TextVideo.ColorOf"/>).
/// </summary>
[Flags]
public enum Pc98Attribute : byte
{
    None = 0,
    /// <summary>"Secret" bit: the cell is shown only when it is set (0 hides the character).</summary>
    Visible = 0x01,
    Blink = 0x02,
    Reverse = 0x04,
    Underline = 0x08,
    /// <summary>Vertical line at the cell's left edge (simple graphics mode); not honoured.</summary>
    VerticalLine = 0x10,
    Blue = 0x20,
    Red = 0x40,
    Green = 0x80,
}
