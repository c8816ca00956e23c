using Concord.Monitor.Gates;

namespace Concord.Monitor.Tests.Gates;

internal sealed class GateTraceRecorder : ITraceSink<GateEvent>
{
    public List<GateEvent> Events { get; } = [];

    public void Write(in GateEvent e) => Events.Add(e);

    /// <summary>The events as short words, e.g. "call guest>parent", "wait busy", "return stub AX=0005 CF=0".</summary>
    public List<string> Steps() => [.. Events.Select(e => e.Kind switch
    {
        GateEventKind.Call => $"call {e.CallerName}>{e.CalleeName}",
        GateEventKind.Wait => $"wait {e.CallerName}>{e.CalleeName} {e.Detail}",
        GateEventKind.Enter => $"enter {e.CallerName}>{e.CalleeName}",
        GateEventKind.Return => $"return {e.CallerName}>{e.CalleeName} {e.Detail}",
        GateEventKind.Learned => $"learned {e.CallerName}>{e.CalleeName}",
        GateEventKind.NotLearned => $"notlearned {e.CallerName}>{e.CalleeName}",
        _ => $"fail {e.CallerName}>{e.CalleeName} {e.Detail}",
    })];
}

internal sealed class TeeGateSink(params ITraceSink<GateEvent>[] sinks) : ITraceSink<GateEvent>
{
    public void Write(in GateEvent e)
    {
        foreach (var sink in sinks) sink.Write(e);
    }
}
