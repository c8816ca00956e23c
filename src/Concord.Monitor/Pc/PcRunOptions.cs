
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;
namespace Concord.Monitor.Pc;

/// <summary>What one <see cref="PcMachine.Run"/> does besides running the guest: automation steps, a time limit, an observer.</summary>
public sealed record PcRunOptions
{
    /// <summary>Steps done in order (expect text, send keys). Empty: the guest runs until it stops by itself.</summary>
    public IReadOnlyList<AutomationStep> Steps { get; init; } = [];

    /// <summary>
    /// Ends the run (status 0) once every step has completed. Applies only when there are steps;
    /// without steps the run goes on until the guest stops, the time limit or cancellation.
    /// </summary>
    public bool EndWhenStepsComplete { get; init; } = true;

    /// <summary>A bound on the whole run in host (wall-clock) time, whichever clock the machine uses; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Called on the machine's thread between slices, at most once per <see cref="ObserverInterval"/>
    /// of host time (a terminal UI draws the screen here). Null for none.
    /// </summary>
    public Action<PcMachine>? Observer { get; init; }

    public TimeSpan ObserverInterval { get; init; } = TimeSpan.FromMilliseconds(30);
}
