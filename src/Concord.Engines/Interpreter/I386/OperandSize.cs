using System.Runtime.CompilerServices;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// An operand size as a type: the 386 core's operations are generic over it, so each is compiled
/// once per size with the masks and shifts as constants.
/// </summary>
internal unsafe interface IOperandSize
{
    static abstract int Bytes { get; }
    static abstract int Bits { get; }
    static abstract uint Mask { get; }
    static abstract uint SignBit { get; }
    static abstract uint Load(byte* p);
    static abstract void Store(byte* p, uint value);
}

internal readonly unsafe struct Size8 : IOperandSize
{
    public static int Bytes => 1;
    public static int Bits => 8;
    public static uint Mask => 0xFF;
    public static uint SignBit => 0x80;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(byte* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* p, uint value) => *p = (byte)value;
}

internal readonly unsafe struct Size16 : IOperandSize
{
    public static int Bytes => 2;
    public static int Bits => 16;
    public static uint Mask => 0xFFFF;
    public static uint SignBit => 0x8000;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(byte* p) => Unsafe.ReadUnaligned<ushort>(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* p, uint value) => Unsafe.WriteUnaligned(p, (ushort)value);
}

internal readonly unsafe struct Size32 : IOperandSize
{
    public static int Bytes => 4;
    public static int Bits => 32;
    public static uint Mask => 0xFFFFFFFF;
    public static uint SignBit => 0x80000000;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(byte* p) => Unsafe.ReadUnaligned<uint>(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* p, uint value) => Unsafe.WriteUnaligned(p, value);
}
