using System.Runtime.InteropServices;

namespace Concord.Devices.Pic;

/// <summary>Everything one 8259A holds, as plain data (for snapshots and tests).</summary>
[StructLayout(LayoutKind.Auto)]
public struct Pic8259State
{
    /// <summary>Interrupt request register.</summary>
    public byte Irr;
    /// <summary>In-service register.</summary>
    public byte Isr;
    /// <summary>Interrupt mask register (OCW1).</summary>
    public byte Imr;
    /// <summary>Levels of the eight input lines as last set.</summary>
    public byte Lines;
    public Icw1 Icw1;
    /// <summary>ICW2: vector base (T7-T3; the low three bits are the level).</summary>
    public byte VectorBase;
    /// <summary>ICW3: on a master, the inputs that have a slave; on a slave, its cascade identity.</summary>
    public byte Icw3;
    public Icw4 Icw4;
    /// <summary>0 when initialized; otherwise the number of the ICW expected next (2, 3 or 4).</summary>
    public byte ExpectedIcw;
    /// <summary>The level with the lowest priority (7 after initialization; moved by rotation).</summary>
    public byte LowestPriority;
    public bool ReadIsr;
    public bool PollPending;
    public bool SpecialMaskMode;
    public bool RotateInAutoEoi;
}
