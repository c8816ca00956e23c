namespace Concord.Monitor.Machines;

/// <summary>The INT 21h call a <see cref="DosSession"/>'s command has running in its VM now.</summary>
internal enum DosSessionStep
{
    None,

    /// <summary>AH=51h: the current PSP, whose environment (PATH, COMSPEC) the program inherits.</summary>
    GetPsp,

    /// <summary>AH=1Ah: the monitor's own DTA for the search (the OS's comes back afterwards).</summary>
    SetDta,

    /// <summary>AH=4Eh: is this candidate there? (Find first: every DOS has it for every drive.)</summary>
    Find,

    /// <summary>AX=4B00h: load and run the program found (or COMSPEC with /C).</summary>
    Exec,

    /// <summary>AH=4Dh: how the program ended.</summary>
    ExitCode,
}
