namespace Concord.Cli.Demo;

/// <summary>
/// The figures of one run of the gate demo under one policy. Disk figures count from the moment both
/// OSes showed their prompt (boot excluded) to the end of the run.
/// </summary>
/// <param name="Policy">The machine file's name for it: <c>any</c>, <c>passthrough</c> or <c>exclusive</c>.</param>
/// <param name="Completed">The run ended with the machine's power cut after every step; false on a timeout or a fault.</param>
/// <param name="Ending">How the run ended, in words.</param>
/// <param name="Blocks">Blocks XFER copied, there and back together (its last line), or -1 when it printed none.</param>
/// <param name="XferErrors">Failed calls XFER counted (its last line), or -1.</param>
/// <param name="Retries">Retries XFER made (its last line), or -1.</param>
/// <param name="DiskErrors">INT 13h sector calls that failed, both OSes together (Concord DOS counts them above InDOS); each OS retried them.</param>
/// <param name="MotorStarts">Times a drive motor started, every drive.</param>
/// <param name="MotorOnNs">Time the drive motors ran, added over the drives.</param>
/// <param name="FdcWaits">Times a VM was stopped because another VM had the controller.</param>
/// <param name="LongestWaitNs">The longest of those waits (from the management table's trace).</param>
/// <param name="CopyMatches">Both copies equal the parent's DATA.BIN byte for byte: the guest's COPY.BIN and the parent's DATA.BAK (read from the images afterwards).</param>
/// <param name="RdirFiles">Files the parent's RDIR listed from the guest's disk, or -1.</param>
/// <param name="VirtualNs">Machine time of the scenario (from both prompts to power off).</param>
/// <param name="Wall">Host time of the whole run, boot included.</param>
internal sealed record DemoResult(
    string Policy,
    bool Completed,
    string Ending,
    int Blocks,
    int XferErrors,
    int Retries,
    long DiskErrors,
    long MotorStarts,
    long MotorOnNs,
    long FdcWaits,
    long LongestWaitNs,
    bool CopyMatches,
    int RdirFiles,
    long VirtualNs,
    TimeSpan Wall,
    string ParentTranscript,
    string GuestTranscript)
{
    /// <summary>Errors as the table shows them: XFER's failed calls and the disk errors the OSes retried.</summary>
    public long Errors => Math.Max(XferErrors, 0) + DiskErrors;
}
