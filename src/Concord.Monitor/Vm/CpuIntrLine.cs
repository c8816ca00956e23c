using Concord.Core.Cpu;
using Concord.Devices.Bus;

namespace Concord.Monitor.Vm;

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

    /// <summary>Called when the level goes from low to high.</summary>
    public Action? Raised { get; set; }

    public void Set(bool level)
    {
        bool rising = level && !_level;
        _level = level;
        Cpu?.SetIntr(level);
        if (rising) Raised?.Invoke();
    }
}
