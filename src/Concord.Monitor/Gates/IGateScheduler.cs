using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// What the gate engine needs from the machine that runs the VMs. The scheduling policy stays with
/// the machine; the gates only say which VMs must not run and which must run again:
/// <list type="bullet">
/// <item><see cref="Suspend"/>: the VM made a call (waiting or being served); do not run it until <see cref="Resume"/>.</item>
/// <item><see cref="Resume"/>: the VM's state changed and it must run, even if it was idle in HLT:
/// its call returned or failed, or a call entered it (it now runs the handler).</item>
/// </list>
/// The machine also calls <see cref="GateMonitor.HandleExit"/> after each run of a vCPU and
/// <see cref="GateMonitor.Poll"/> after each slice, so that waiting calls are retried.
/// </summary>
public interface IGateScheduler
{
    /// <summary>Virtual time for trace events (nanoseconds).</summary>
    long TimeNs { get; }

    void Suspend(VmId vm);

    void Resume(VmId vm);
}
