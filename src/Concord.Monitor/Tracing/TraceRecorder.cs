using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tracing;

/// <summary>Keeps every trace event in memory, by type (tests, the demo's figures, a UI's recent-changes pane).</summary>
public sealed class TraceRecorder : IMachineTraceSink
{
    private readonly List<TableEvent> _events = [];
    private readonly List<GateEvent> _gates = [];
    private readonly List<PortWriteEvent> _ports = [];

    /// <summary>The management table's changes.</summary>
    public IReadOnlyList<TableEvent> Events => _events;

    public IReadOnlyList<GateEvent> GateEvents => _gates;

    public IReadOnlyList<PortWriteEvent> PortWrites => _ports;

    public void Write(in TableEvent e) => _events.Add(e);

    public void Write(in GateEvent e) => _gates.Add(e);

    public void Write(in PortWriteEvent e) => _ports.Add(e);

    public void Clear()
    {
        _events.Clear();
        _gates.Clear();
        _ports.Clear();
    }
}
