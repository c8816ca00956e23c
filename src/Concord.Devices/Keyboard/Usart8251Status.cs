namespace Concord.Devices.Keyboard;

/// <summary>The 8251A's status register (read with C/D = 1).</summary>
[Flags]
public enum Usart8251Status : byte
{
    None = 0,
    TxReady = 0x01,
    /// <summary>A received character waits in the data register.</summary>
    RxReady = 0x02,
    TxEmpty = 0x04,
    ParityError = 0x08,
    /// <summary>A character arrived before the previous one was read (it is lost).</summary>
    OverrunError = 0x10,
    FramingError = 0x20,
    SyncBreakDetect = 0x40,
    DataSetReady = 0x80,
}
