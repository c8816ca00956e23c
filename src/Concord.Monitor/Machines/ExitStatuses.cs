namespace Concord.Monitor.Machines;

/// <summary>
/// The process exit statuses of a run of <c>concord run</c>. The guest chooses its own through the
/// debug exit port: <c>(v &lt;&lt; 1) | 1</c>, always odd. The monitor's are listed here; 3 (a timeout,
/// as issue 3 asks) is the one that a guest writing 01h to port F4h can also give: the note on
/// standard error tells them apart.
/// </summary>
public static class ExitStatuses
{
    /// <summary>The run ended normally: the machine powered off, the automation steps all completed, the user quit, or the guest halted for good.</summary>
    public const int Success = 0;

    /// <summary>Bad input from the user (command line, image file).</summary>
    public const int BadInput = 2;

    /// <summary>The time limit passed before the run ended (the screen file is still written).</summary>
    public const int Timeout = 3;

    /// <summary>The guest faulted in a way the machine cannot go on from: an invalid opcode or a CPU shutdown.</summary>
    public const int GuestFault = 4;

    /// <summary>
    /// A step was never met: the guest halted for good or the machine powered off before it (a
    /// script can tell this from success). Even, as every status of the monitor's own but the
    /// timeout's, so no guest's (v &lt;&lt; 1) | 1 can give it.
    /// </summary>
    public const int StepUnmet = 6;

    /// <summary>An error inside Concord itself (a bug).</summary>
    public const int InternalError = 70;

    /// <summary>The run was cancelled by the host (Ctrl+C, SIGTERM).</summary>
    public const int Cancelled = 130;
}
