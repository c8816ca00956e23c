namespace Concord.Monitor.Bare;

/// <summary>
/// The process exit statuses of a run. The guest's own statuses through the debug exit port are
/// <c>(v &lt;&lt; 1) | 1</c>, always odd. The monitor's are even except <see cref="Timeout"/> (3, the
/// status the PC machine of <c>concord run</c> uses too), which a guest writing 01h to port F4h can
/// also give: the note on standard error tells the two apart.
/// </summary>
public static class ExitStatuses
{
    /// <summary>The guest halted: the machine stopped on its own.</summary>
    public const int Halted = 0;

    /// <summary>Bad input from the user (command line, image file). Chosen by the command, listed here so all statuses are in one place.</summary>
    public const int BadInput = 2;

    /// <summary>The guest faulted in a way the machine cannot go on from: an invalid opcode or a shutdown.</summary>
    public const int GuestFault = 4;

    /// <summary>An error inside Concord itself (a bug): reported on one line, never a stack trace unless asked for.</summary>
    public const int InternalError = 70;

    /// <summary>The run hit its time limit.</summary>
    public const int Timeout = 3;

    /// <summary>The run was cancelled by the host (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
