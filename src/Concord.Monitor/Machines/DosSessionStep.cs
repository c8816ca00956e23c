namespace Concord.Monitor.Machines;

/// <summary>The INT 21h call a <see cref="DosSession"/> runs in its VM now.</summary>
internal enum DosSessionStep
{
    None,

    // Asked at the DOS's first idle moment (INT 28h): what the redirector and the safe point need.
    Version,
    InDos,
    ListOfLists,
    SwappableData,

    // A command, at a program's INT 21h with InDOS 0.
    GetDta,
    Exec,
    ExitCode,
    SetDta,
}
