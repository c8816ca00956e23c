namespace Concord.Monitor.Clocks;

/// <summary>
/// The time of the devices that exist once (the shared floppy controller and its drives, the
/// management table's trace): while a VM runs, that VM's clock; between slices, the latest time any
/// VM reached. It never goes back, so a shared device sees time as a single machine would; the VMs'
/// own clocks may lag it by at most the scheduler's skew bound.
/// </summary>
internal sealed class SharedTimeline : MachineClock
{
    private long _floor;

    /// <summary>The clock of the VM running now, or null between slices.</summary>
    public MachineClock? Running { get; set; }

    public override long NowNs
    {
        get
        {
            if (Running is { } clock)
            {
                long t = clock.NowNs;
                if (t > _floor) _floor = t;
            }
            return _floor;
        }
    }

    public override void SkipTo(long ns)
    {
        if (ns > _floor) _floor = ns;
    }
}
