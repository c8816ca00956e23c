namespace Concord.Monitor.Gates;

/// <summary>Where a <see cref="GateCall"/> is in its life.</summary>
internal enum CallPhase
{
    /// <summary>Not in use.</summary>
    Idle,

    /// <summary>Made, but the callee is not at a safe point yet.</summary>
    Waiting,

    /// <summary>The callee runs its handler for it.</summary>
    Entered,
}
