namespace Concord.Engines.Interpreter.I386;

/// <summary>What started an interrupt: it decides the gate privilege check, the EXT bit of error codes and what a fault in delivering it becomes.</summary>
internal enum InterruptSource
{
    /// <summary>INTR or NMI: no gate privilege check, EXT set.</summary>
    External,

    /// <summary>An exception the CPU raised (a fault, or the single-step trap): no gate privilege check, EXT set.</summary>
    Exception,

    /// <summary>INT n: the gate's DPL must allow CPL; in V86 mode IOPL must be 3.</summary>
    Software,

    /// <summary>INT3 and INTO: the gate's DPL must allow CPL; not IOPL-sensitive in V86 mode.</summary>
    Breakpoint,

    /// <summary>ICEBP (F1h): INT 1 without the gate privilege check.</summary>
    Icebp,
}
