namespace Concord.Monitor.Table;

/// <summary>Keeps every trace event in memory (tests, and a UI's recent-changes pane).</summary>
public sealed class TraceRecorder : ITraceSink
{
    private readonly List<TraceEvent> _events = [];

    public IReadOnlyList<TraceEvent> Events => _events;

    public void Write(in TraceEvent e) => _events.Add(e);

    public void Clear() => _events.Clear();
}
