using Concord.Core.Memory;

namespace Concord.Cli.Demo;

/// <summary>
/// Where Concord DOS keeps the figures a monitor reads (firmware/apps/GATES.md): the kernel at
/// 0060:0000 starts with a jump, the text "Concord DOS kernel" and a zero at 0060:0003, then at
/// 0060:0016 the offset of InDOS (the busy byte); the word after InDOS counts the INT 13h sector calls
/// that failed.
/// </summary>
internal static class CdosKernel
{
    private const uint KernelBase = 0x600;
    private const uint SignatureAt = KernelBase + 3;
    private const uint InDosPointerAt = KernelBase + 0x16;
    private static ReadOnlySpan<byte> Signature => "Concord DOS kernel\0"u8;

    /// <summary>The linear address of InDOS, or null when the memory holds no Concord DOS kernel (yet).</summary>
    public static int? InDos(MemoryMap memory)
    {
        Span<byte> text = stackalloc byte[Signature.Length];
        memory.Read(SignatureAt, text);
        if (!text.SequenceEqual(Signature)) return null;
        return (int)(KernelBase + Word(memory, InDosPointerAt));
    }

    /// <summary>The failed INT 13h sector calls so far, or 0 without a kernel.</summary>
    public static long DiskErrors(MemoryMap memory) =>
        InDos(memory) is { } indos ? Word(memory, (uint)indos + 1) : 0;

    private static ushort Word(MemoryMap memory, uint address) =>
        (ushort)(memory.Read8(address) | memory.Read8(address + 1) << 8);
}
