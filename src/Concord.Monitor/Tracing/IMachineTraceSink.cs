using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tracing;

/// <summary>Where a whole machine's trace goes: the management table's changes, the gate calls and (when asked) the port writes, as one stream.</summary>
public interface IMachineTraceSink : ITraceSink<TableEvent>, ITraceSink<GateEvent>, ITraceSink<PortWriteEvent>;
