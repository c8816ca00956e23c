using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>Turns a VM's port writes into <see cref="PortWriteEvent"/>s for a sink: the VM's name and the CS:IP of the OUT.</summary>
internal sealed class PortWriteTracer(ITraceSink<PortWriteEvent> sink, VmId vm, string vmName, ICallerLocation caller)
{
    public void Write(long timeNs, ushort port, byte value) =>
        sink.Write(new PortWriteEvent(timeNs, vm, vmName, caller.Current, port, value));
}
