namespace Concord.Monitor.Gates;

/// <summary>Why <see cref="RoundRobinRunner.Run"/> returned.</summary>
public enum RunnerOutcome
{
    /// <summary>Every VM stopped (debug exit, power off, HLT with interrupts off, a fault).</summary>
    AllStopped,

    /// <summary>Nothing can run: every VM that has not stopped idles in HLT or is blocked on a call.</summary>
    Stalled,

    /// <summary>The instruction limit was reached first.</summary>
    LimitReached,
}
