using Concord.Devices.Bus;

namespace Concord.Devices.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock : IClock
{
    public long NowNs { get; set; }

    public void AdvanceNs(long ns) => NowNs += ns;

    public void AdvanceMs(double ms) => NowNs += (long)(ms * 1_000_000);
}
