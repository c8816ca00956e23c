namespace Concord.Monitor.MachineFiles;

/// <summary>Where a gate's window of the caller's memory appears in the callee's map during a call.</summary>
public enum WindowMapping
{
    /// <summary>At the same addresses as in the caller (a collision with the callee's pages fails the call).</summary>
    Identity,

    /// <summary>In a free hole of the callee's map; the monitor shifts DS/ES by the difference.</summary>
    Relocate,
}
