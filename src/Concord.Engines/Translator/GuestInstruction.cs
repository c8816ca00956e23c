namespace Concord.Engines.Translator;

/// <summary>
/// One decoded real-mode instruction as the translator sees it: where it is, how long, its opcode
/// and operands, where control goes after it, and whether the translator compiles it or leaves it
/// to the interpreter. Immutable once decoded, so a compile thread can read it.
/// </summary>
internal sealed record GuestInstruction
{
    /// <summary>Offset of the first byte (the first prefix) in the code segment.</summary>
    public ushort Ip { get; init; }

    /// <summary>Linear address of the first byte.</summary>
    public uint Linear { get; init; }

    public int Length { get; init; }

    /// <summary>Offset of the next instruction.</summary>
    public ushort NextIp => (ushort)(Ip + Length);

    /// <summary>The opcode after the prefixes.</summary>
    public byte Op { get; init; }

    /// <summary>The segment register a prefix names (0 ES, 1 CS, 2 SS, 3 DS), or -1.</summary>
    public int SegmentOverride { get; init; } = -1;

    /// <summary>F3h, F2h or 0.</summary>
    public byte Rep { get; init; }

    public bool HasModRm { get; init; }

    public byte ModRm { get; init; }

    /// <summary>The reg field of ModR/M (the operation of group opcodes).</summary>
    public int Reg => (ModRm >> 3) & 7;

    /// <summary>The r/m field when it names a register.</summary>
    public int Rm => ModRm & 7;

    /// <summary>A ModR/M operand in memory (mod != 3).</summary>
    public bool IsMemory => HasModRm && ModRm < 0xC0;

    public EaBase EaBase { get; init; }

    /// <summary>The signed displacement, or the direct address for <see cref="Translator.EaBase.Direct"/>.</summary>
    public int Displacement { get; init; }

    /// <summary>The segment a memory operand uses: the prefix's, else DS (SS for BP-based forms).</summary>
    public int EaSegment { get; init; }

    /// <summary>The first immediate, unsigned as encoded (imm8 0-255, imm16 0-65535).</summary>
    public int Immediate { get; init; }

    /// <summary>The second immediate (ENTER's level, a far pointer's segment).</summary>
    public int Immediate2 { get; init; }

    public Flow Flow { get; init; }

    /// <summary>The target offset of a direct jump, branch or call.</summary>
    public ushort Target { get; init; }

    /// <summary>A call (direct or indirect): the next instruction is where its return lands.</summary>
    public bool IsCall { get; init; }

    /// <summary>Compiled inline; otherwise the interpreter executes it (<see cref="Flow.Interpret"/>, <see cref="Flow.InterpretAndLeave"/>).</summary>
    public bool Translated => Flow is not (Flow.Interpret or Flow.InterpretAndLeave);

    /// <summary>A segment load after which the CPU holds interrupts off for one instruction.</summary>
    public bool SetsShadow { get; init; }

    /// <summary>A REP-prefixed string instruction (the interpreter runs it an iteration at a time).</summary>
    public bool IsRepString { get; init; }

    /// <summary>
    /// Its bytes have been rewritten by code near them (code that patches itself): left to the interpreter, which reads
    /// them as they are each time, and not part of the region's code, so the next patch drops nothing.
    /// </summary>
    public bool Volatile { get; init; }

    public override string ToString() => $"{Ip:X4}: {Op:X2}{(HasModRm ? $" /{ModRm:X2}" : "")} len {Length} {Flow}";
}
