namespace Concord.Monitor.Pc;

/// <summary>Where a machine's time comes from.</summary>
public enum ClockKind
{
    /// <summary>
    /// Time derived from executed instructions (<see cref="PcMachineOptions.NsPerInstruction"/> each)
    /// plus the time skipped while the CPU halts: the same inputs give the same run, byte for byte.
    /// </summary>
    Virtual,

    /// <summary>The host's monotonic clock: the guest's timer ticks at the speed of the wall clock.</summary>
    Realtime,
}

/// <summary>Names of <see cref="ClockKind"/> as users write them.</summary>
public static class ClockKinds
{
    public const string ValidNames = "virtual, realtime";

    public static bool TryParse(string text, out ClockKind kind)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "virtual": kind = ClockKind.Virtual; return true;
            case "realtime": case "real-time": case "real": kind = ClockKind.Realtime; return true;
            default: kind = default; return false;
        }
    }

    public static string Name(this ClockKind kind) => kind == ClockKind.Virtual ? "virtual" : "realtime";
}
