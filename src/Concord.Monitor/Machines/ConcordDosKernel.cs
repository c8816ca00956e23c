using Concord.Core.Memory;

namespace Concord.Monitor.Machines;

/// <summary>
/// What a monitor reads from a booted Concord DOS without asking it (firmware/apps/GATES.md):
/// at 0060:0003 the text "Concord DOS kernel" and a zero, at 0060:0016 the word offset of InDOS
/// (the busy byte) in segment 0060h, and in the word after InDOS the count of INT 13h sector calls
/// that failed. The same on both profiles.
/// </summary>
public static class ConcordDosKernel
{
    /// <summary>Linear address of the kernel's segment 0060h.</summary>
    public const int KernelBase = 0x600;

    private const int SignatureAt = KernelBase + 3;
    private const int InDosOffsetAt = KernelBase + 0x16;

    private static ReadOnlySpan<byte> Signature => "Concord DOS kernel\0"u8;

    /// <summary>True when <paramref name="memory"/> holds a Concord DOS kernel (its signature at 0060:0003).</summary>
    public static bool IsLoaded(MemoryMap memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        for (int i = 0; i < Signature.Length; i++)
            if (memory.Read8((uint)(SignatureAt + i)) != Signature[i]) return false;
        return true;
    }

    /// <summary>The linear address of InDOS, or null when no Concord DOS kernel is loaded (yet).</summary>
    public static int? InDosAddress(MemoryMap memory) =>
        IsLoaded(memory) ? KernelBase + Word(memory, InDosOffsetAt) : null;

    /// <summary>The INT 13h sector calls that failed so far (each failed try), or 0 without a kernel.</summary>
    public static int FailedDiskCalls(MemoryMap memory) =>
        InDosAddress(memory) is { } inDos ? Word(memory, inDos + 1) : 0;

    private static int Word(MemoryMap memory, int address) =>
        memory.Read8((uint)address) | memory.Read8((uint)address + 1) << 8;
}
