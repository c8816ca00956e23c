namespace Concord.Devices.Keyboard;

/// <summary>The LED byte of the keyboard's EDh command.</summary>
[Flags]
public enum KeyboardLeds : byte
{
    None = 0,
    ScrollLock = 0x01,
    NumLock = 0x02,
    CapsLock = 0x04,
}
