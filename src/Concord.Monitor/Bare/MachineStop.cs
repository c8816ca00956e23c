namespace Concord.Monitor.Bare;

/// <summary>Why a <see cref="BootSectorMachine"/> run ended.</summary>
public enum MachineStop
{
    /// <summary>The guest wrote the debug exit port (F4h); the exit status is the guest's.</summary>
    DebugExit,

    /// <summary>The guest executed HLT. This machine has no interrupt sources, so nothing can wake it.</summary>
    Halted,

    /// <summary>The guest met an opcode the CPU model does not execute.</summary>
    InvalidOpcode,

    /// <summary>The CPU could not go on (e.g. a fault while delivering a fault).</summary>
    Shutdown,

    /// <summary>The run went past its time limit.</summary>
    Timeout,

    /// <summary>The host cancelled the run (e.g. Ctrl+C).</summary>
    Cancelled,
}
