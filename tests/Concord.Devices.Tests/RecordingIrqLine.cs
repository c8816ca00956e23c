using Concord.Devices.Bus;

namespace Concord.Devices.Tests;

/// <summary>An IRQ line that remembers every level it was set to.</summary>
public sealed class RecordingIrqLine : IIrqLine
{
    public List<bool> Levels { get; } = [];

    public bool Level { get; private set; }

    public int RisingEdges { get; private set; }

    public void Set(bool level)
    {
        if (level && !Level) RisingEdges++;
        Level = level;
        Levels.Add(level);
    }
}
