using Concord.Engines.Interpreter;
using Concord.Monitor.Table;

namespace Concord.Monitor.Pc;

/// <summary>The CS:IP of the instruction a VM's vCPU is executing: the IN/OUT behind a trapped access.</summary>
internal sealed class VcpuCallerLocation(Interpreter cpu) : ICallerLocation
{
    public CsIp Current
    {
        get
        {
            var (cs, ip) = cpu.CurrentInstruction;
            return new CsIp(cs, ip);
        }
    }
}
