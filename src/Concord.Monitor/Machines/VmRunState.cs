namespace Concord.Monitor.Machines;

/// <summary>Where a VM is in the machine's schedule.</summary>
public enum VmRunState
{
    /// <summary>Runs when its clock is the furthest behind (or idles in HLT until an interrupt).</summary>
    Running,

    /// <summary>Stopped until the shared floppy controller is free for it (<c>SharedFdc.WaitRequested</c>).</summary>
    WaitingForFdc,

    /// <summary>Stopped by the gates (its call waits or is being served) until resumed.</summary>
    Suspended,

    /// <summary>Halted with interrupts off (nothing will ever wake it), or stopped by a fault of its CPU (<see cref="MachineVm.Fault"/>).</summary>
    Stopped,

    /// <summary>Asked for power off: never scheduled again.</summary>
    PoweredOff,
}
