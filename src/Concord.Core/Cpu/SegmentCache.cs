namespace Concord.Core.Cpu;

/// <summary>
/// The hidden part of a segment register on the 80386 (its descriptor cache): what the CPU took
/// from the descriptor when the selector was loaded, or base = selector × 16 in real and
/// virtual-8086 mode. The 8086 and 80286 models do not use it.
/// </summary>
public struct SegmentCache
{
    public uint Base;

    /// <summary>The limit in bytes (granularity applied): the last valid offset, or for an expand-down segment the last invalid one.</summary>
    public uint Limit;

    /// <summary>Bits 0-7: the descriptor's access byte (type, S, DPL, P); bits 12-15: AVL, 0, D/B, G. See <see cref="SegmentAttributes"/>.</summary>
    public ushort Attributes;

    public SegmentCache(uint @base, uint limit, ushort attributes)
    {
        Base = @base;
        Limit = limit;
        Attributes = attributes;
    }

    public readonly override string ToString() => $"base={Base:X8} limit={Limit:X8} attr={Attributes:X4}";
}

/// <summary>Bits of <see cref="SegmentCache.Attributes"/>, as in a descriptor's bytes 5 and 6.</summary>
public static class SegmentAttributes
{
    public const ushort Accessed = 0x0001;
    /// <summary>Code: readable. Data: writable.</summary>
    public const ushort ReadWrite = 0x0002;
    /// <summary>Code: conforming. Data: expand-down.</summary>
    public const ushort ConformingExpandDown = 0x0004;
    public const ushort Code = 0x0008;
    /// <summary>S: a code or data segment (clear for system descriptors: TSS, LDT, gates).</summary>
    public const ushort CodeOrData = 0x0010;
    public const int DplShift = 5;
    public const ushort Dpl = 0x0060;
    public const ushort Present = 0x0080;
    public const ushort Available = 0x1000;
    /// <summary>D/B: 32-bit code, a 32-bit stack (ESP), an expand-down segment up to 4 GiB.</summary>
    public const ushort Big = 0x4000;
    public const ushort Granularity = 0x8000;

    /// <summary>A present, writable, accessed data segment: what reset and real mode leave.</summary>
    public const ushort RealModeData = Present | CodeOrData | ReadWrite | Accessed;

    /// <summary>A present, readable, accessed code segment: CS after reset.</summary>
    public const ushort RealModeCode = Present | CodeOrData | Code | ReadWrite | Accessed;
}
