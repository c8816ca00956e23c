using Concord.Devices.Bus;

namespace Concord.Monitor.Clocks;

/// <summary>A machine's clock as the run loop drives it: devices read <see cref="IClock.NowNs"/>, the loop may skip idle time.</summary>
internal abstract class MachineClock : IClock
{
    public abstract long NowNs { get; }

    /// <summary>Moves time forward to <paramref name="ns"/> at once (virtual clock only; a real clock cannot be hurried).</summary>
    public abstract void SkipTo(long ns);
}
