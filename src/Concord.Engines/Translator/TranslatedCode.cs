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

    // The memory paths below are what each guest memory access in a region calls. The fast paths are
    // inlined (AggressiveInlining): one call in the IL instead of the page-table walk spelled out, so a
    // region of 256 instructions stays below the IL size and local-reference counts past which RyuJIT
    // compiles a method without optimising it (MinOpts: every guest register in stack memory, about
    // half the speed). A read that cannot be done here (a word across a page or at offset FFFFh)
    // leaves for the interpreter before the instruction changed anything, so no call sits on its
    // path. A write without a write pointer (ROM, nothing, a page holding code) calls the slow path
    // (out of line) and goes on unless it reached compiled code: leaving there instead, so that no
    // call rejoins a loop, gained nothing measurable in the benchmark loops and would send every
    // write of a program that keeps its data in its code's page through the interpreter.

    /// <summary>The byte at <paramref name="linear"/> (every page has a read pointer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int Read8(byte** pages, int linear) => pages[(uint)linear >> MemoryMap.PageShift][linear & MemoryMap.PageMask];

    /// <summary>
    /// The word at <paramref name="linear"/>, segment offset <paramref name="offset"/>; -1 for a word
    /// across a page or at offset FFFFh (the 8086 wraps within the segment, the 286 faults), which
    /// the interpreter then reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int Read16(byte** pages, int linear, int offset) =>
        (linear & MemoryMap.PageMask) != MemoryMap.PageMask && offset != 0xFFFF
            ? Unsafe.ReadUnaligned<ushort>(pages[(uint)linear >> MemoryMap.PageShift] + (linear & MemoryMap.PageMask))
            : -1;

    /// <summary>Writes a byte; true when the region must leave after the instruction (the write reached compiled code).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool Write8(Translator t, byte** pages, int linear, int value)
    {
        byte* page = pages[(uint)linear >> MemoryMap.PageShift];
        if (page == null) return WriteSlow8(t, linear, value);
        page[linear & MemoryMap.PageMask] = (byte)value;
        return false;
    }

    /// <summary>Writes a word (see <see cref="Write8"/>); across a page, to a page without a write pointer or (8086) at offset FFFFh byte by byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool Write16(Translator t, byte** pages, int linear, int offset, int value)
    {
        byte* page = pages[(uint)linear >> MemoryMap.PageShift];
        if (page == null || (linear & MemoryMap.PageMask) == MemoryMap.PageMask || offset == 0xFFFF)
            return WriteWordSlow(t, linear, offset, value);
        Unsafe.WriteUnaligned(page + (linear & MemoryMap.PageMask), (ushort)value);
        return false;
    }

    /// <summary>As <see cref="Write16"/> for a word known not to start at offset FFFFh (the 286 faults there before the write).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool Write16BelowSegmentEnd(Translator t, byte** pages, int linear, int value)
    {
        byte* page = pages[(uint)linear >> MemoryMap.PageShift];
        if (page == null || (linear & MemoryMap.PageMask) == MemoryMap.PageMask)
            return WriteWordSlow(t, linear, 0, value); // offset 0 stands for any below FFFFh: the next byte is at linear + 1
        Unsafe.WriteUnaligned(page + (linear & MemoryMap.PageMask), (ushort)value);
        return false;
    }

    /// <summary>A byte write the page table has no pointer for: ROM and holes drop it, watched code pages take it and report it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool WriteSlow8(Translator t, int linear, int value)
    {
        t.Memory.WriteSlow((uint)linear, (byte)value);
        return t.TakeStale();
    }

    /// <summary>
    /// A word write byte by byte: across a page, into a page without a write pointer, or (8086) at
    /// offset FFFFh, whose high byte goes to offset 0 of the segment (<paramref name="linear"/> minus
    /// <paramref name="offset"/> is the segment's base, modulo the address lines).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool WriteWordSlow(Translator t, int linear, int offset, int value)
    {
        MemoryMap memory = t.Memory;
        memory.Write8((uint)linear & t.AddressMask, (byte)value);
        memory.Write8(t.Next(linear, offset), (byte)(value >> 8));
        return t.TakeStale();
    }

    /// <summary>The linear address of the byte after the one at <paramref name="linear"/> (offset <paramref name="offset"/>) in its segment: offset FFFFh wraps to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Next(this Translator t, int linear, int offset) =>
        ((uint)linear - (uint)offset + (uint)((offset + 1) & 0xFFFF)) & t.AddressMask;
}
