using Concord.Core.Cpu;
using Concord.Devices.Bus;

namespace Concord.Monitor.Pc;

/// <summary>The PIC's INTR output wired to the vCPU's INTR input (the vCPU is made after the PIC, so it is set later).</summary>
internal sealed class CpuIntrLine : IIrqLine
{
    private bool _level;

    public IVcpu? Cpu
    {
        get;
        set
        {
            field = value;
            value?.SetIntr(_level);
        }
    }

    public void Set(bool level)
    {
        _level = level;
        Cpu?.SetIntr(level);
    }
}
