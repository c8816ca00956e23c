using Concord.Devices.Bus;
using Concord.Devices.Video;

namespace Concord.Monitor.Profiles;

/// <summary>
/// The text display a <see cref="PlatformProfile"/> made for one VM: the device to put on the VM's
/// port bus (at <see cref="Ports"/>) and how to read its screen. The machine keeps it in place of a
/// concrete video type, so the run loop, the terminal UI and expect steps work on either profile.
/// </summary>
public sealed class PlatformVideo
{
    private readonly Func<TextScreen> _snapshot;

    public PlatformVideo(IPortDevice device, IReadOnlyList<PortRange> ports, Func<TextScreen> snapshot)
    {
        Device = device;
        Ports = ports;
        _snapshot = snapshot;
    }

    /// <summary>The chip: a <see cref="TextVideo"/> (at) or a <see cref="Pc98TextVideo"/> (pc98).</summary>
    public IPortDevice Device { get; }

    /// <summary>Where <see cref="Device"/> answers.</summary>
    public IReadOnlyList<PortRange> Ports { get; }

    /// <summary>The visible screen and cursor, as text cells (CP437 and Unicode).</summary>
    public TextScreen Snapshot() => _snapshot();

    /// <summary>Maps <see cref="Device"/> at each of <see cref="Ports"/>.</summary>
    public void MapOn(PortBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        foreach (PortRange range in Ports) bus.Map(range.First, range.Count, Device);
    }
}
