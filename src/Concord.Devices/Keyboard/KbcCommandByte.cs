namespace Concord.Devices.Keyboard;

/// <summary>The 8042 command byte (controller RAM byte 0; commands 20h and 60h).</summary>
[Flags]
public enum KbcCommandByte : byte
{
    /// <summary>INT: raise IRQ 1 when the output buffer fills with a keyboard byte.</summary>
    KeyboardInterrupt = 0x01,
    AuxInterrupt = 0x02,
    SystemFlag = 0x04,
    IgnoreInhibit = 0x08,
    /// <summary>EN: 1 disables the keyboard interface.</summary>
    DisableKeyboard = 0x10,
    DisableAux = 0x20,
    /// <summary>XLAT: translate to scan code set 1.</summary>
    Translate = 0x40,
}
