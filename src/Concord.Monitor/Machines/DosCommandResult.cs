namespace Concord.Monitor.Machines;

/// <summary>
/// How a command run through a DOS's EXEC ended: it ran and exited with <see cref="ExitCode"/>
/// (INT 21h AH=4Dh: AL, and in AH how it ended: 0 normal, 1 Ctrl+C, 2 critical error, 3 stayed
/// resident), or EXEC refused it with <see cref="DosError"/> (2 file not found, 3 path not found,
/// 5 access denied, 8 not enough memory, 11 bad format).
/// </summary>
public sealed record DosCommandResult(bool Ran, int ExitCode, int TerminationType, int DosError, string Program)
{
    /// <summary>EXEC found no such program (DOS error 2 or 3 for every name tried).</summary>
    public bool NotFound => !Ran && DosError is 2 or 3;

    public override string ToString() => Ran
        ? $"{Program} exited with {ExitCode}" + (TerminationType switch { 1 => " (Ctrl+C)", 2 => " (critical error)", 3 => " (stayed resident)", _ => "" })
        : NotFound ? $"{Program}: no such program (DOS error {DosError})"
        : $"{Program}: DOS's EXEC refused it with error {DosError} ({Describe(DosError)})";

    private static string Describe(int error) => error switch
    {
        5 => "access denied",
        8 => "not enough memory",
        10 => "bad environment",
        11 => "bad format",
        _ => "see INT 21h AH=59h",
    };
}
