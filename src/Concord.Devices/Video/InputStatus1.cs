namespace Concord.Devices.Video;

/// <summary>Input status register 1 (3DAh).</summary>
[Flags]
public enum InputStatus1 : byte
{
    /// <summary>Display disabled: the beam is in horizontal or vertical blanking.</summary>
    DisplayDisabled = 0x01,
    LightPenTrigger = 0x02,
    LightPenSwitch = 0x04,
    VerticalRetrace = 0x08,
}
