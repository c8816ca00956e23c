using Concord.Devices.Bus;

namespace Concord.Monitor.Tests.Table;

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock : IClock
{
    public long NowNs { get; set; }

    public void AdvanceMs(double ms) => NowNs += (long)(ms * 1_000_000);
}
