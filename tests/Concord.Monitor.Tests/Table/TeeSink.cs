using Concord.Monitor.Table;

namespace Concord.Monitor.Tests.Table;

/// <summary>Sends each trace event to two sinks.</summary>
public sealed class TeeSink(ITraceSink first, ITraceSink second) : ITraceSink
{
    public void Write(in TraceEvent e)
    {
        first.Write(e);
        second.Write(e);
    }
}
