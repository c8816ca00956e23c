using System.Runtime.InteropServices;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// A segment register of the 386 core: the selector, its descriptor cache, and the offsets an
/// access may touch, worked out when it is loaded so that an access costs one range check.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SegmentRegister
{
    public uint Base;

    /// <summary>The first and last offsets a read may touch; <see cref="ReadLow"/> &gt; <see cref="ReadHigh"/> when none.</summary>
    public uint ReadLow, ReadHigh;

    /// <summary>The first and last offsets a write may touch.</summary>
    public uint WriteLow, WriteHigh;

    /// <summary>The limit in bytes, as loaded (granularity applied).</summary>
    public uint Limit;

    public ushort Selector;

    /// <summary>As <see cref="Core.Cpu.SegmentCache.Attributes"/>: the access byte, then AVL, D/B, G in bits 12-15.</summary>
    public ushort Attributes;
}
