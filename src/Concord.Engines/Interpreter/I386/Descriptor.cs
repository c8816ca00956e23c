namespace Concord.Engines.Interpreter.I386;

/// <summary>An 8-byte descriptor from the GDT, an LDT or the IDT, as two little-endian doublewords.</summary>
internal readonly struct Descriptor(uint low, uint high)
{
    public uint Low { get; } = low;
    public uint High { get; } = high;

    public uint Base => (Low >> 16) | ((High & 0xFF) << 16) | (High & 0xFF00_0000);

    /// <summary>The limit in bytes: 20 bits, in 4 KiB units when G is set.</summary>
    public uint Limit
    {
        get
        {
            uint raw = (Low & 0xFFFF) | (High & 0x000F_0000);
            return (High & 0x0080_0000) != 0 ? (raw << 12) | 0xFFF : raw;
        }
    }

    /// <summary>The access byte, then AVL, D/B and G in bits 12-15 (<see cref="Core.Cpu.SegmentAttributes"/>).</summary>
    public ushort Attributes => (ushort)(((High >> 8) & 0x00FF) | ((High >> 8) & 0xF000));

    /// <summary>The 4-bit type field.</summary>
    public int Type => (int)(High >> 8) & 0xF;

    /// <summary>S: a code or data segment (not a system descriptor).</summary>
    public bool IsSegment => (High & 0x1000) != 0;

    public int Dpl => (int)(High >> 13) & 3;

    public bool Present => (High & 0x8000) != 0;

    public bool IsCode => IsSegment && (Type & 8) != 0;

    public bool IsData => IsSegment && (Type & 8) == 0;

    /// <summary>Code: conforming. (Data: expand-down.)</summary>
    public bool Conforming => (Type & 4) != 0;

    /// <summary>Code: readable. Data: writable.</summary>
    public bool ReadWrite => (Type & 2) != 0;

    public bool Accessed => (Type & 1) != 0;

    /// <summary>D/B: 32-bit code or stack.</summary>
    public bool Big => (High & 0x0040_0000) != 0;

    // Gates: call, interrupt, trap and task gates.
    public ushort GateSelector => (ushort)(Low >> 16);
    public uint GateOffset => (Low & 0xFFFF) | (High & 0xFFFF_0000);
    public int ParameterCount => (int)High & 0x1F;

    // System descriptor types (S = 0).
    public const int Tss286Available = 1, Ldt = 2, Tss286Busy = 3, CallGate286 = 4, TaskGate = 5,
                     InterruptGate286 = 6, TrapGate286 = 7, Tss386Available = 9, Tss386Busy = 11,
                     CallGate386 = 12, InterruptGate386 = 14, TrapGate386 = 15;

    public override string ToString() => $"{High:X8}:{Low:X8}";
}
