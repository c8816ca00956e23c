namespace Concord.Devices.Video;

/// <summary>CRT controller register indexes (written to 3D4h, data at 3D5h).</summary>
public enum CrtcRegister : byte
{
    HorizontalTotal = 0x00,
    HorizontalDisplayEnd = 0x01,
    StartHorizontalBlanking = 0x02,
    EndHorizontalBlanking = 0x03,
    StartHorizontalRetrace = 0x04,
    EndHorizontalRetrace = 0x05,
    VerticalTotal = 0x06,
    Overflow = 0x07,
    PresetRowScan = 0x08,
    MaximumScanLine = 0x09,
    CursorStart = 0x0A,
    CursorEnd = 0x0B,
    StartAddressHigh = 0x0C,
    StartAddressLow = 0x0D,
    CursorLocationHigh = 0x0E,
    CursorLocationLow = 0x0F,
    VerticalRetraceStart = 0x10,
    VerticalRetraceEnd = 0x11,
    VerticalDisplayEnd = 0x12,
    Offset = 0x13,
    UnderlineLocation = 0x14,
    StartVerticalBlanking = 0x15,
    EndVerticalBlanking = 0x16,
    ModeControl = 0x17,
    LineCompare = 0x18,
}
