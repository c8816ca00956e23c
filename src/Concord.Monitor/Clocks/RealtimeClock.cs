using System.Diagnostics;

namespace Concord.Monitor.Clocks;

/// <summary>The host's monotonic clock, from the moment the machine was made.</summary>
internal sealed class RealtimeClock : MachineClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public override long NowNs => (long)(Stopwatch.GetElapsedTime(_start).Ticks * 100);

    public override void SkipTo(long ns) { }
}
