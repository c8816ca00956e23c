namespace Concord.Monitor.Gates;

/// <summary>
/// Why a gate call failed: the value the caller finds in AX, with CF=1, after its INT. Every code
/// is in the range C001h-C0FFh so that a caller can tell a refused gate from a service's own error.
/// See docs/gates.md.
/// </summary>
public enum GateError : ushort
{
    /// <summary>The call succeeded (never placed in AX).</summary>
    None = 0,

    /// <summary>The callee is powered off, halted for good or shut down (or stopped while the call waited or ran).</summary>
    CalleeUnavailable = 0xC001,

    /// <summary>Waiting would never end: the callee can only reach a safe point after the caller runs again.</summary>
    Cycle = 0xC002,

    /// <summary>A page where the window would appear in the callee is in use by the callee (mapped and not lendable).</summary>
    WindowCollision = 0xC003,

    /// <summary>A page of the window is not RAM in the caller's map (nothing or ROM there), so there is nothing to lend.</summary>
    WindowOutsideCaller = 0xC004,

    /// <summary>The callee's interrupt table has no handler for the service vector (its entry is 0000:0000).</summary>
    NoHandler = 0xC005,

    /// <summary>The call waited for a safe point longer than <see cref="GateMonitor.WaitLimitNs"/>.</summary>
    Timeout = 0xC006,

    /// <summary>The service asked for (AH) is not in the gate's <c>allow</c> list: the callee never sees the call.</summary>
    ServiceNotAllowed = 0xC007,

    /// <summary>The callee's handler ran longer than <see cref="GateMonitor.CallLimitNs"/>: it was stopped and the callee given back its context and pages.</summary>
    CalleeTimeout = 0xC008,

    /// <summary>The callee's safe points are unknown: its busy byte is to be learned from its DOS, and asking failed (it is no DOS 3.1 or later).</summary>
    NoSafePoint = 0xC009,
}

/// <summary>Names of <see cref="GateError"/> as the trace writes them.</summary>
public static class GateErrors
{
    public static string Name(this GateError error) => error switch
    {
        GateError.None => "none",
        GateError.CalleeUnavailable => "callee-unavailable",
        GateError.Cycle => "cycle",
        GateError.WindowCollision => "window-collision",
        GateError.WindowOutsideCaller => "window-outside-caller",
        GateError.NoHandler => "no-handler",
        GateError.Timeout => "timeout",
        GateError.ServiceNotAllowed => "service-not-allowed",
        GateError.CalleeTimeout => "callee-timeout",
        GateError.NoSafePoint => "no-safe-point",
        _ => "unknown",
    };
}
