namespace Concord.Engines.Translator;

/// <summary>Why a compiled region returned to the dispatcher (its return value, with flag bits).</summary>
internal static class ExitCode
{
    /// <summary>Control left the region (a jump, call or return to code it does not hold).</summary>
    public const int Jump = 0;

    /// <summary>The instruction at IP is the interpreter's: an instruction the region leaves to it, or one that cannot run as compiled now (a fault, a word across the segment end).</summary>
    public const int Interpret = 1;

    /// <summary>The budget left is less than the region may run before its next check: the interpreter runs the rest.</summary>
    public const int Budget = 2;

    /// <summary>A port access or a write to code left something for the dispatcher: an event (interrupt, stop) or stale code.</summary>
    public const int Leave = 3;

    public const int ReasonMask = 0xFF;

    /// <summary>With <see cref="Interpret"/>: the instruction follows a segment load that holds interrupts off for it.</summary>
    public const int Shadow = 0x100;

    /// <summary>With <see cref="Interpret"/>: a REP string instruction; the interpreter may run all its iterations.</summary>
    public const int Repeat = 0x200;
}
