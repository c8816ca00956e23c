namespace Concord.Engines.Interpreter.I386;

/// <summary>What switches tasks: it decides the busy bits, NT and the back link.</summary>
internal enum TaskSwitch
{
    /// <summary>JMP: the old task is no longer busy.</summary>
    Jump,

    /// <summary>CALL, or an interrupt through a task gate: the new task is nested (NT, back link); the old one stays busy.</summary>
    Call,

    /// <summary>IRET with NT: back to the task in the back link; the old one is no longer busy.</summary>
    Iret,
}
