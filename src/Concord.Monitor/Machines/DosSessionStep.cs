namespace Concord.Monitor.Machines;

/// <summary>The INT 21h call a <see cref="DosSession"/>'s command has running in its VM now.</summary>
internal enum DosSessionStep
{
    None,

    /// <summary>AX=4B00h: load and run the program (a name tried in turn).</summary>
    Exec,

    /// <summary>AH=4Dh: how the program ended.</summary>
    ExitCode,
}
