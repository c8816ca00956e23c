using Concord.Core.Cpu;
using CsCheck;

namespace Concord.Engines.Tests.Translation;

/// <summary>
/// Generators of real-mode instruction encodings for the differential tests: every opcode form,
/// weighted toward what real code runs (ALU, MOV, branches, the stack), with random ModR/M bytes,
/// displacements and immediates, small branch offsets (so branches land inside the program, in the
/// middle of instructions too), and prefixes now and then.
/// </summary>
internal static class Instructions
{
    private const byte IrqPort = 0x42, StopPort = 0x43, NmiPort = 0x44;

    private static Gen<byte[]> Bytes(params byte[] bytes) => Gen.Const(bytes);

    private static Gen<byte[]> Concat(params Gen<byte[]>[] parts) =>
        parts.Aggregate(Gen.Const(Array.Empty<byte>()), (all, part) => from a in all from b in part select (byte[])[.. a, .. b]);

    private static Gen<byte[]> Byte => Gen.Byte.Select(b => new[] { b });

    private static Gen<byte[]> Word => Gen.Frequency((3, Gen.UShort), (1, Gen.UShort[0xFFF0, 0xFFFF]), (1, Gen.UShort[0, 16]))
        .Select(w => new[] { (byte)w, (byte)(w >> 8) });

    /// <summary>An opcode from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static Gen<byte[]> Op(int first, int last) => Gen.Int[first, last].Select(o => new[] { (byte)o });

    /// <summary>A ModR/M byte (reg from <paramref name="reg"/>) and its displacement.</summary>
    private static Gen<byte[]> ModRm(Gen<int> reg, bool memoryOnly = false) =>
        from mod in memoryOnly ? Gen.Int[0, 2] : Gen.Frequency((2, Gen.Int[0, 2]), (2, Gen.Const(3)))
        from r in reg
        from rm in Gen.Int[0, 7]
        from d in Gen.Byte.Array[2]
        let m = (byte)(mod << 6 | r << 3 | rm)
        select mod == 3 ? new[] { m }
             : mod == 0 && rm == 6 || mod == 2 ? new[] { m, d[0], d[1] }
             : mod == 1 ? new[] { m, d[0] }
             : new[] { m };

    private static Gen<byte[]> AnyModRm => ModRm(Gen.Int[0, 7]);

    private static Gen<int> Reg(params int[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static Gen<byte[]> Rel8 => Gen.Int[-12, 30].Select(d => new[] { (byte)(sbyte)d });

    /// <summary>
    /// A far JMP or CALL into the program through another segment (CS-k:IP+16k reaches the same bytes), as a DOS reaches
    /// some code through two segments: the jit keeps one segment's compiled code per address (and once compiled the
    /// other's again and again, for ever).
    /// </summary>
    private static Gen<byte[]> AliasFar =>
        from call in Gen.Bool
        from k in Gen.Int[1, 16]
        from offset in Gen.Int[0, 40]
        let cs = DifferentialTests.CodeSegment - k
        let ip = DifferentialTests.CodeOffset + 16 * k + offset
        select new[] { call ? (byte)0x9A : (byte)0xEA, (byte)ip, (byte)(ip >> 8), (byte)cs, (byte)(cs >> 8) };

    private static Gen<byte[]> Port => Gen.Frequency((1, Bytes(IrqPort)), (1, Bytes(NmiPort)), (1, Bytes(StopPort)), (3, Byte));

    public static Gen<byte[]> Generator(CpuModel model)
    {
        Gen<byte[]> body = Gen.Frequency(
            (24, Concat(Gen.Int[0, 7].SelectMany(o => Gen.Int[0, 3].Select(f => new[] { (byte)(o << 3 | f) })), AnyModRm)),
            (6, Gen.Int[0, 7].SelectMany(o => Gen.Bool.SelectMany(w => w ? Concat(Bytes((byte)(o << 3 | 5)), Word) : Concat(Bytes((byte)(o << 3 | 4)), Byte)))),
            (10, Gen.Int[0x80, 0x83].SelectMany(o => Concat(Bytes((byte)o), AnyModRm, o == 0x81 ? Word : Byte))),
            (10, Op(0x40, 0x5F)),
            (3, Gen.OneOf(Bytes(0x06), Bytes(0x0E), Bytes(0x16), Bytes(0x1E), Bytes(0x07), Bytes(0x1F), Bytes(0x17))),
            (1, Gen.OneOf(Bytes(0x27), Bytes(0x2F), Bytes(0x37), Bytes(0x3F), Bytes(0x0F, 0x06))),
            (10, Concat(Op(0x70, 0x7F), Rel8)),
            (12, Concat(Op(0x84, 0x8B), AnyModRm)),
            (3, Concat(Bytes(0x8C), ModRm(Gen.Int[0, 3]))),
            (3, Concat(Bytes(0x8E), ModRm(Reg(0, 2, 3)))),
            (2, Concat(Bytes(0x8D), ModRm(Gen.Int[0, 7], memoryOnly: true))),
            (2, Concat(Bytes(0x8F), ModRm(Gen.Const(0)))),
            (6, Op(0x90, 0x9F).Where(o => o[0] is not (0x9A or 0x9D))),
            (1, Bytes(0x9D)),
            (4, Concat(Op(0xA0, 0xA3), Word)),
            (8, Concat(Gen.Frequency((4, Gen.Const(Array.Empty<byte>())), (1, Bytes(0xF3)), (1, Bytes(0xF2))),
                       Op(0xA4, 0xAF).Where(o => o[0] is not (0xA8 or 0xA9)))),
            (2, Gen.OneOf(Concat(Bytes(0xA8), Byte), Concat(Bytes(0xA9), Word))),
            (6, Gen.OneOf(Concat(Op(0xB0, 0xB7), Byte), Concat(Op(0xB8, 0xBF), Word))),
            (2, Concat(Bytes(0xBA), Port, Bytes(0))),
            (4, Gen.OneOf(Concat(Bytes(0xC0), AnyModRm, Byte), Concat(Bytes(0xC1), AnyModRm, Byte))),
            (2, Gen.OneOf(Bytes(0xC3), Concat(Bytes(0xC2), Word))),
            (2, Concat(Op(0xC4, 0xC5), ModRm(Gen.Int[0, 7], memoryOnly: true))),
            (3, Gen.OneOf(Concat(Bytes(0xC6), ModRm(Gen.Const(0)), Byte), Concat(Bytes(0xC7), ModRm(Gen.Const(0)), Word))),
            (1, Gen.OneOf(Concat(Bytes(0xC8), Word, Byte), Bytes(0xC9))),
            (2, Gen.OneOf(Concat(Bytes(0xCD), Byte), Bytes(0xCC), Bytes(0xCE))),
            (1, Gen.OneOf(Bytes(0xCF), Bytes(0xCB), Concat(Bytes(0x9A), Word, Word))),
            (2, AliasFar),
            (10, Concat(Op(0xD0, 0xD3), AnyModRm)),
            (1, Gen.OneOf(Concat(Op(0xD4, 0xD5), Byte), Bytes(0xD6), Bytes(0xD7))),
            (6, Concat(Op(0xE0, 0xE3), Rel8)),
            (4, Gen.OneOf(Concat(Op(0xE4, 0xE7), Port), Op(0xEC, 0xEF))),
            (3, Gen.OneOf(Concat(Bytes(0xE8), Gen.Int[-30, 60].Select(d => new[] { (byte)d, (byte)(d >> 8) })),
                          Concat(Bytes(0xE9), Gen.Int[-30, 60].Select(d => new[] { (byte)d, (byte)(d >> 8) })),
                          Concat(Bytes(0xEB), Rel8))),
            (4, Op(0xF5, 0xFD).Where(o => o[0] is not (0xF6 or 0xF7))),
            (8, Gen.Int[0, 7].SelectMany(r => Gen.Bool.SelectMany(w =>
                Concat(Bytes(w ? (byte)0xF7 : (byte)0xF6), ModRm(Gen.Const(r)), r <= 1 ? (w ? Word : Byte) : Gen.Const(Array.Empty<byte>()))))),
            (4, Concat(Bytes(0xFE), ModRm(Gen.Int[0, 1]))),
            (5, Concat(Bytes(0xFF), ModRm(Reg(0, 1, 2, 4, 6)))),
            (1, Bytes(0xF4)));
        Gen<byte[]> prefix = Gen.Frequency((10, Gen.Const(Array.Empty<byte>())), (2, Op(0, 3).Select(s => new[] { (byte)(0x26 | s[0] << 3) })),
                                           (1, Gen.OneOf(Bytes(0xF3), Bytes(0xF2), Bytes(0xF0))));
        return Concat(prefix, body);
    }
}
