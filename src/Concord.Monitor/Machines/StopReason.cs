namespace Concord.Monitor.Machines;

/// <summary>Why a <see cref="Machine"/> run ended.</summary>
public enum StopReason
{
    /// <summary>The guest cut the power through the power relay (the BIOS's APM power off).</summary>
    PowerOff,

    /// <summary>Every automation step completed.</summary>
    StepsCompleted,

    /// <summary>The run's <see cref="MachineRunOptions.EndWhen"/> held (e.g. the command the host ran in a DOS ended).</summary>
    Finished,

    /// <summary>The guest wrote the debug exit port (F4h); the exit status is the guest's.</summary>
    DebugExit,

    /// <summary>The CPU halted with interrupts disabled: nothing but a reset could wake it.</summary>
    Halted,

    /// <summary>The CPU halted with interrupts enabled, but no device will ever interrupt it and no input is coming.</summary>
    HaltedForever,

    /// <summary>The guest met an opcode the CPU model does not execute.</summary>
    InvalidOpcode,

    /// <summary>The CPU could not go on (a fault while delivering a fault).</summary>
    Shutdown,

    /// <summary>The run's time limit passed.</summary>
    Timeout,

    /// <summary>The host cancelled the run (Ctrl+C, SIGTERM).</summary>
    Cancelled,

    /// <summary>The user asked to quit (the terminal UI's quit key), or the host called <see cref="Machine.RequestQuit"/>.</summary>
    Quit,
}
