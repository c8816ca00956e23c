using Concord.Monitor.Table;

namespace Concord.Monitor.Tests.Table;

/// <summary>Sends each trace event to two sinks.</summary>
public sealed class TeeSink(ITraceSink<TableEvent> first, ITraceSink<TableEvent> second) : ITraceSink<TableEvent>
{
    public void Write(in TableEvent e)
    {
        first.Write(e);
        second.Write(e);
    }
}
