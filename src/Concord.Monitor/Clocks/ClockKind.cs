namespace Concord.Monitor.Clocks;

/// <summary>Where a machine's time comes from.</summary>
public enum ClockKind
{
    /// <summary>
    /// Time derived from executed instructions (<see cref="VirtualTime.DefaultNsPerInstruction"/> each by default)
    /// plus the time skipped while the CPU halts: the same inputs give the same run, byte for byte.
    /// </summary>
    Virtual,

    /// <summary>The host's monotonic clock: the guest's timer ticks at the speed of the wall clock.</summary>
    Realtime,
}
