using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>A command byte (or DSR software reset) that had to wait for the lease, replayed into the controller when the VM gets it.</summary>
internal readonly record struct ParkedWrite(ushort Port, byte Value, CsIp At);
