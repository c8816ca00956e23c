namespace Concord.Monitor.MachineFiles;

/// <summary>
/// A host folder served as a drive of one VM's DOS (a <c>[[mount]]</c> table, or <c>--mount</c>):
/// the VM, the drive letter (C to Z), the folder (a full path) and whether DOS may change it.
/// </summary>
public sealed record MountSpec(string Vm, char Letter, string HostPath, bool ReadOnly)
{
    /// <summary>The first letter a mount may take: A: and B: are the diskette drives.</summary>
    public const char FirstLetter = 'C';

    /// <summary>Why <paramref name="text"/> ("D", "d:") is no mount letter, or null; <paramref name="letter"/> is the letter upper-cased.</summary>
    public static string? LetterProblem(string text, out char letter)
    {
        ArgumentNullException.ThrowIfNull(text);
        letter = '\0';
        string t = text.EndsWith(':') ? text[..^1] : text;
        if (t.Length != 1 || !char.IsAsciiLetter(t[0])) return "valid values are a drive letter C to Z (\"D\" or \"D:\")";
        letter = char.ToUpperInvariant(t[0]);
        return letter < FirstLetter ? $"{letter}: is a diskette drive: valid values are C to Z" : null;
    }
}
