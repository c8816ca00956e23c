using System.Runtime.CompilerServices;
using Concord.Core.Memory;

namespace Concord.Engines.Translator;

/// <summary>
/// What compiled regions call: port access and the slow ways to memory (a word across a page or
/// the segment end, a write to a page without a write pointer). Each returns whether the region must
/// leave after the instruction: an event is pending (an interrupt, a stop) or the write reached
/// compiled code, possibly the region's own.
/// </summary>
internal static class TranslatedCode
{
    /// <summary>IN AL: the byte in the low 8 bits, bit 16 set when the region must leave.</summary>
    public static int In8(Translator t, int port)
    {
        t.EnterPortAccess();
        int value = t.Ports.In8((ushort)port);
        return value | (t.LeavePortAccess() ? 0x10000 : 0);
    }

    /// <summary>IN AX: the word in the low 16 bits, bit 16 set when the region must leave.</summary>
    public static int In16(Translator t, int port)
    {
        t.EnterPortAccess();
        int value = t.Ports.In16((ushort)port);
        return value | (t.LeavePortAccess() ? 0x10000 : 0);
    }

    public static bool Out8(Translator t, int port, int value)
    {
        t.EnterPortAccess();
        t.Ports.Out8((ushort)port, (byte)value);
        return t.LeavePortAccess();
    }

    public static bool Out16(Translator t, int port, int value)
    {
        t.EnterPortAccess();
        t.Ports.Out16((ushort)port, (ushort)value);
        return t.LeavePortAccess();
    }

    /// <summary>A byte write the page table has no pointer for: ROM and holes drop it, watched code pages take it and report it.</summary>
    public static bool WriteSlow8(Translator t, int linear, int value)
    {
        t.Memory.WriteSlow((uint)linear, (byte)value);
        return t.TakeStale();
    }

    /// <summary>A word write byte by byte: across a page, into a page without a write pointer, or (8086) at offset FFFFh, whose high byte goes to offset 0.</summary>
    public static bool WriteWordSlow(Translator t, int segmentBase, int offset, int value)
    {
        MemoryMap memory = t.Memory;
        memory.Write8(t.Linear(segmentBase, offset), (byte)value);
        memory.Write8(t.Linear(segmentBase, offset + 1), (byte)(value >> 8));
        return t.TakeStale();
    }

    /// <summary>A word read byte by byte: across a page, or (8086) at offset FFFFh.</summary>
    public static int ReadWordSlow(Translator t, int segmentBase, int offset)
    {
        MemoryMap memory = t.Memory;
        int low = memory.Read8(t.Linear(segmentBase, offset));
        return low | memory.Read8(t.Linear(segmentBase, offset + 1)) << 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Linear(this Translator t, int segmentBase, int offset) =>
        ((uint)segmentBase + (uint)(offset & 0xFFFF)) & t.AddressMask;
}
