namespace Concord.Monitor.Machines;

/// <summary>What a <see cref="DosSession"/> knows of its VM's DOS.</summary>
public enum DosSessionState
{
    /// <summary>Waiting for the DOS's first idle moment (INT 28h) to ask it.</summary>
    Learning,

    /// <summary>The DOS answered: its version and InDOS (and for DOS 3.10+ its List of Lists and SDA) are known.</summary>
    Known,

    /// <summary>The VM's OS is no DOS the monitor can use (<see cref="DosSession.Problem"/>).</summary>
    Failed,
}
