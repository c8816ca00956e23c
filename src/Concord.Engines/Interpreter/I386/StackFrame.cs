namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// A stack being built before it becomes SS:ESP: the inner stack of a privilege change, or the
/// current one. Pushes check its limits and go to its linear addresses, so nothing of the CPU's
/// state changes until the transfer commits.
/// </summary>
internal struct StackFrame
{
    public uint Base;

    /// <summary>The offsets a push may touch (expand-down stacks start above the limit).</summary>
    public uint Low, High;

    /// <summary>FFFFh for a 16-bit stack (SP wraps), FFFFFFFFh for a 32-bit one.</summary>
    public uint Mask;

    /// <summary>The stack pointer so far.</summary>
    public uint Sp;

    /// <summary>The TLB tag bits of its privilege (user for CPL 3).</summary>
    public uint Tag;

    /// <summary>The error code of a fault on it: 0 for the current stack, the selector for a new one.</summary>
    public uint FaultCode;
}
