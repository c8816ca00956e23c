using Concord.Monitor.Automation;

namespace Concord.Monitor.Machines;

/// <summary>What one <see cref="Machine.Run"/> does besides running the VMs: steps, a time limit, an observer.</summary>
public sealed record MachineRunOptions
{
    /// <summary>Steps done in order, each on its VM. Empty: the machine runs until its power is cut.</summary>
    public IReadOnlyList<MachineStep> Steps { get; init; } = [];

    /// <summary>Ends the run (status 0) once every step has completed (only when there are steps).</summary>
    public bool EndWhenStepsComplete { get; init; } = true;

    /// <summary>Ends the run (<see cref="StopReason.Finished"/>, status 0) once this holds; looked at between slices (e.g. a command run through <see cref="MachineDosSessions.Exec"/> is done).</summary>
    public Func<bool>? EndWhen { get; init; }

    /// <summary>A bound on the whole run in host time; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Called on the machine's thread between slices, at most once per <see cref="ObserverInterval"/> of host time.</summary>
    public Action<Machine>? Observer { get; init; }

    public TimeSpan ObserverInterval { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// After cancellation (Ctrl+C) every VM is asked to power off in turn; the machine then runs on
    /// for at most this much host time before it stops anyway (disks flushed).
    /// </summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(2);
}
