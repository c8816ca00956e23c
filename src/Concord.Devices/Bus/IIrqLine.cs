namespace Concord.Devices.Bus;

/// <summary>An interrupt request line from a device to an interrupt controller. The controller sees levels; edges are its business.</summary>
public interface IIrqLine
{
    void Set(bool level);
}

/// <summary>Pulses a line: raise, then lower (an edge for an edge-triggered PIC).</summary>
public static class IrqLineExtensions
{
    public static void Pulse(this IIrqLine line)
    {
        line.Set(true);
        line.Set(false);
    }
}
