namespace Concord.Monitor;

/// <summary>
/// Receives trace events of one type, in order, on the machine's thread: the management table's
/// changes (<c>Table.TableEvent</c>), the steps of gate calls (<c>Gates.GateEvent</c>), the VMs'
/// port writes (<c>Vm.PortWriteEvent</c>). One writer takes all three as one stream
/// (<c>Tracing.JsonLinesTraceWriter</c>).
/// </summary>
public interface ITraceSink<TEvent> where TEvent : struct
{
    void Write(in TEvent e);
}
