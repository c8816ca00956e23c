using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>One byte a VM's CPU wrote to a port (a word OUT is two events, low port first).</summary>
/// <param name="TimeNs">The VM's time of the write.</param>
/// <param name="At">CS:IP of the OUT.</param>
public readonly record struct PortWriteEvent(long TimeNs, VmId Vm, string VmName, CsIp At, ushort Port, byte Value);
