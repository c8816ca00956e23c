namespace Concord.Monitor.Gates;

/// <summary>What the monitor knows of a <see cref="GateVmOptions.Dos"/> VM's DOS.</summary>
public enum DosState
{
    /// <summary>Not asked yet: the OS has not been idle (INT 28h) since it started; calls to it wait.</summary>
    Learning,

    /// <summary>Asked: its InDOS and critical-error flags are known; calls enter it at its safe points.</summary>
    Known,

    /// <summary>Asking failed (no INT 21h, not a DOS, a DOS older than 3.1): calls to it fail with <see cref="GateError.NoSafePoint"/>.</summary>
    Failed,
}
