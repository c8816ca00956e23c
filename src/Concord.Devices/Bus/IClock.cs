namespace Concord.Devices.Bus;

/// <summary>
/// Time as devices see it, in nanoseconds since the machine started. With the virtual clock it is
/// derived from executed instructions, so the same inputs give the same run.
/// </summary>
public interface IClock
{
    long NowNs { get; }
}

/// <summary>
/// A device with something to do at a time of its own (a timer output, a motor reaching speed).
/// The machine calls <see cref="Advance"/> once <see cref="IClock.NowNs"/> reaches <see cref="NextEventNs"/>.
/// </summary>
public interface ITimedDevice
{
    /// <summary>When the device next needs <see cref="Advance"/>; <see cref="long.MaxValue"/> for never.</summary>
    long NextEventNs { get; }

    void Advance(long nowNs);
}
