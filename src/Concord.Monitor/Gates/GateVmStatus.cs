namespace Concord.Monitor.Gates;

/// <summary>What a VM is doing as far as the gates are concerned (the scheduler's view of it).</summary>
public enum GateVmStatus
{
    /// <summary>It may run: its own code, or the handler of a call it serves.</summary>
    Runnable,

    /// <summary>It made a call that waits for the callee's safe point; it must not run.</summary>
    Waiting,

    /// <summary>It made a call that the callee is serving; it must not run.</summary>
    InCall,

    /// <summary>Powered off, halted for good or shut down (<see cref="GateMonitor.SetAvailable"/>).</summary>
    Off,
}
