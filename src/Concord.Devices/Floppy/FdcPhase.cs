namespace Concord.Devices.Floppy;

/// <summary>Where the controller is in a command (the datasheet's three phases, plus idle).</summary>
public enum FdcPhase
{
    /// <summary>Waiting for the first byte of a command.</summary>
    Idle,
    /// <summary>Command bytes are being written.</summary>
    Command,
    /// <summary>The controller works (waits for the drive, moves data); no bytes are accepted.</summary>
    Execution,
    /// <summary>Result bytes wait to be read.</summary>
    Result,
    /// <summary>Held in reset by DOR bit 2.</summary>
    Reset,
}
