namespace Concord.Devices.Keyboard;

/// <summary>The 8251A's command instruction (written with C/D = 1 after the mode instruction).</summary>
[Flags]
public enum Usart8251Command : byte
{
    None = 0,
    TransmitEnable = 0x01,
    DataTerminalReady = 0x02,
    ReceiveEnable = 0x04,
    SendBreak = 0x08,
    /// <summary>Clears the parity, overrun and framing error flags.</summary>
    ErrorReset = 0x10,
    RequestToSend = 0x20,
    /// <summary>Internal reset: the next write with C/D = 1 is a mode instruction.</summary>
    InternalReset = 0x40,
    EnterHunt = 0x80,
}
