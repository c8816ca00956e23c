using Concord.Core.Cpu;
using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>
/// The CS:IP of the instruction a VM's vCPU is executing: the IN/OUT behind a trapped access. Made
/// before the vCPU (shared devices are connected first); <see cref="Cpu"/> is set once it exists.
/// </summary>
internal sealed class VcpuCallerLocation : ICallerLocation
{
    public IVcpu? Cpu { get; set; }

    /// <summary>Who the VM runs for right now (the caller of a gate call it serves), or null; set by a machine with gates.</summary>
    public Func<VmId?>? RunningFor { get; set; }

    public CsIp Current
    {
        get
        {
            if (Cpu is null) return CsIp.Unknown;
            var (cs, ip) = Cpu.CurrentInstruction;
            return new CsIp(cs, ip) { For = RunningFor?.Invoke() };
        }
    }
}
