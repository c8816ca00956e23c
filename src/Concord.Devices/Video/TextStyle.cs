namespace Concord.Devices.Video;

/// <summary>What a cell's attribute adds beyond the colours of a CP437-screen attribute byte.</summary>
[Flags]
public enum TextStyle : byte
{
    None = 0,
    Underline = 0x01,
    /// <summary>A vertical line at the cell's left edge.</summary>
    VerticalLine = 0x02,
}
