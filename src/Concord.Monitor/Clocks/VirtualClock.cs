namespace Concord.Monitor.Clocks;

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
