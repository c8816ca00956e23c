using System.Runtime.CompilerServices;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Instruction bytes straight from host memory, for an instruction known to lie whole in one
/// readable page within the code segment's limit: no checks per byte.
/// </summary>
internal unsafe struct PointerBytes(byte* start) : IInstructionBytes
{
    private byte* _next = start;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out byte value)
    {
        value = *_next++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read(int size, out uint value)
    {
        value = size switch
        {
            1 => *_next,
            2 => Unsafe.ReadUnaligned<ushort>(_next),
            _ => Unsafe.ReadUnaligned<uint>(_next),
        };
        _next += size;
        return true;
    }
}
