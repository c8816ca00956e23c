namespace Concord.Monitor.Gates;

/// <summary>Where a callee's vCPU stopped when the monitor considers entering it (the rule differs, docs/gates.md "Real DOS").</summary>
internal enum SafeMoment
{
    /// <summary>Between two slices, anywhere in its code.</summary>
    Anywhere,

    /// <summary>At an INT instruction of its own code: a program calling INT 21h, or its own gate INT it is blocked on.</summary>
    AtInt,

    /// <summary>At an INT 28h: the OS is idle in its console input (InDOS is then normally 1).</summary>
    Idle,
}
