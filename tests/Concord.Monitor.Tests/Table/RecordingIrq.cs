using Concord.Devices.Bus;

namespace Concord.Monitor.Tests.Table;

/// <summary>An IRQ line that counts rising edges and remembers its level.</summary>
public sealed class RecordingIrq : IIrqLine
{
    public bool Level { get; private set; }

    public int RisingEdges { get; private set; }

    public void Set(bool level)
    {
        if (level && !Level) RisingEdges++;
        Level = level;
    }
}
