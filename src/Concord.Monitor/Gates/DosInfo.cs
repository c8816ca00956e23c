namespace Concord.Monitor.Gates;

/// <summary>
/// What a <see cref="GateVmOptions.Dos"/> VM's DOS told the monitor: its version (INT 21h AH=30h),
/// the linear addresses of its InDOS flag (AH=34h) and critical-error flag (AX=5D06h, else the
/// byte before InDOS as in DOS 3.1 and later; -1 before 3.10), the segment of the monitor's PSP in
/// it, its List of Lists (AH=52h) and swappable data area (AX=5D06h) for the redirector (-1 when it
/// did not say); or, when asking failed, why. Asked once, used by the gates, the mounted drives and
/// host commands alike.
/// </summary>
public sealed record DosInfo(DosState State, int Major, int Minor, int InDos, int CriticalError, ushort Psp, string? Reason,
    int ListOfLists = -1, int SwappableData = -1)
{
    /// <summary>One line for a status display or the trace: "DOS 7.10, InDOS 00D9Fh, critical error 00D9Eh", "learning", or the reason asking failed.</summary>
    public override string ToString() => State switch
    {
        DosState.Known => $"DOS {Major}.{Minor:D2}, InDOS {InDos:X5}h, critical error {CriticalError:X5}h",
        DosState.Learning => "learning (waiting for the OS to be idle: INT 28h)",
        _ => $"not a usable DOS: {Reason}",
    };
}
