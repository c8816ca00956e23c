namespace Concord.Engines.Translator;

/// <summary>Where control goes after a guest instruction, as the region planner follows it.</summary>
internal enum Flow : byte
{
    /// <summary>On to the next instruction.</summary>
    Next,

    /// <summary>An unconditional direct jump to <see cref="GuestInstruction.Target"/>.</summary>
    Jump,

    /// <summary>A conditional direct jump: to <see cref="GuestInstruction.Target"/> or on to the next instruction.</summary>
    Branch,

    /// <summary>A near call to <see cref="GuestInstruction.Target"/>; the return lands on the next instruction.</summary>
    Call,

    /// <summary>A near jump or call through a register or memory, or a near return: the target is known only when it runs.</summary>
    Indirect,

    /// <summary>Left to the interpreter (rare, long or able to change what code runs); execution usually resumes at the next instruction.</summary>
    Interpret,

    /// <summary>Left to the interpreter, and nothing says where execution goes next (far transfers, IRET, invalid opcodes).</summary>
    InterpretAndLeave,
}
