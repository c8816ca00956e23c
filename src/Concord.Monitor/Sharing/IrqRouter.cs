using Concord.Devices.Bus;

namespace Concord.Monitor.Sharing;

/// <summary>
/// The shared controller's IRQ line: forwards the level to the IRQ line of one VM (the lease holder).
/// Moving it lowers the old VM's line and raises the new one's when the level is high.
/// </summary>
internal sealed class IrqRouter : IIrqLine
{
    public bool Level { get; private set; }

    public IIrqLine? Target { get; private set; }

    public void Set(bool level)
    {
        Level = level;
        Target?.Set(level);
    }

    public void Retarget(IIrqLine? target)
    {
        if (ReferenceEquals(target, Target)) return;
        if (Level) Target?.Set(false);
        Target = target;
        if (Level) target?.Set(true);
    }
}
