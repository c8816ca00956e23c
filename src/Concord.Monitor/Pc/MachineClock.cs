using System.Diagnostics;
using Concord.Devices.Bus;

namespace Concord.Monitor.Pc;

/// <summary>A machine's clock as the run loop drives it: devices read <see cref="IClock.NowNs"/>, the loop may skip idle time.</summary>
internal abstract class MachineClock : IClock
{
    public abstract long NowNs { get; }

    /// <summary>Moves time forward to <paramref name="ns"/> at once (virtual clock only; a real clock cannot be hurried).</summary>
    public abstract void SkipTo(long ns);
}

/// <summary>
/// Time from executed instructions: <c>instructions × ns per instruction + skipped</c>. Exact inside
/// port callbacks, because the vCPU's instruction count is.
/// </summary>
internal sealed class VirtualClock(long nsPerInstruction) : MachineClock
{
    private long _skippedNs;

    /// <summary>Reads the vCPU's instruction count; set once the vCPU exists (devices are built first).</summary>
    public Func<long> Instructions { get; set; } = () => 0;

    public long NsPerInstruction { get; } = nsPerInstruction;

    public override long NowNs => _skippedNs + Instructions() * NsPerInstruction;

    /// <summary>Time skipped while the CPU waited for an interrupt.</summary>
    public long SkippedNs => _skippedNs;

    public override void SkipTo(long ns)
    {
        long now = NowNs;
        if (ns > now) _skippedNs += ns - now;
    }
}

/// <summary>The host's monotonic clock, from the moment the machine was made.</summary>
internal sealed class RealtimeClock : MachineClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public override long NowNs => (long)(Stopwatch.GetElapsedTime(_start).Ticks * 100);

    public override void SkipTo(long ns) { }
}
