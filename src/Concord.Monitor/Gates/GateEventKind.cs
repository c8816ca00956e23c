namespace Concord.Monitor.Gates;

/// <summary>The steps of a gate call, as traced.</summary>
public enum GateEventKind
{
    /// <summary>The caller executed INT on a gated vector.</summary>
    Call,

    /// <summary>The callee is not at a safe point; the caller waits (detail: <c>busy</c> or <c>occupied</c>).</summary>
    Wait,

    /// <summary>The callee's handler was entered with the window lent.</summary>
    Enter,

    /// <summary>The call ended and the results reached the caller (detail: <c>stub</c>, <c>end-vector</c> or <c>port</c>).</summary>
    Return,

    /// <summary>The call failed; the caller got the error code in AX with CF=1 (detail: the error's name).</summary>
    Fail,

    /// <summary>
    /// A DOS VM answered the monitor (caller and callee: that VM; <c>at</c>: where it was idle;
    /// detail: its version, InDOS and critical-error flag, as <see cref="DosInfo"/> says them).
    /// </summary>
    Learned,

    /// <summary>Asking a DOS VM failed (caller and callee: that VM; detail: why); calls to it fail with C009.</summary>
    NotLearned,
}
