namespace Concord.Devices.Keyboard;

/// <summary>The 8042 status register (64h read).</summary>
[Flags]
public enum KbcStatus : byte
{
    /// <summary>OBF: a byte waits in the output buffer (60h).</summary>
    OutputBufferFull = 0x01,
    /// <summary>IBF: the controller has not taken the last byte written yet (never set here: it takes bytes at once).</summary>
    InputBufferFull = 0x02,
    /// <summary>SYS: the system flag from command byte bit 2.</summary>
    SystemFlag = 0x04,
    /// <summary>A2: the last byte written was a command (64h) rather than data (60h).</summary>
    CommandLast = 0x08,
    /// <summary>INH: 1 when the keyboard is not inhibited by the key lock.</summary>
    NotInhibited = 0x10,
    AuxOutputBufferFull = 0x20,
    Timeout = 0x40,
    ParityError = 0x80,
}
