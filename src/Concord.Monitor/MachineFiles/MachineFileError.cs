namespace Concord.Monitor.MachineFiles;

/// <summary>
/// One thing wrong with a machine file, as a value. Printed as
/// <c>file:line:column: key = value: message</c>, e.g.
/// <c>machines/demo.toml:12:8: vm[1].role = "child": valid values are parent, guest</c>;
/// parts that do not apply (no position for an unreadable file, no key for a syntax error, no value
/// for a missing key) are left out.
/// </summary>
/// <param name="File">The machine file's path as the caller gave it.</param>
/// <param name="Line">1-based, or 0 when the error concerns the whole file.</param>
/// <param name="Column">1-based, or 0 when unknown.</param>
/// <param name="Key">The key path (<c>vm[1].role</c>, <c>policy.fdc.motor</c>), or empty.</param>
/// <param name="Value">The value as written in the file, or null.</param>
/// <param name="Message">What is wrong and what would be valid.</param>
public sealed record MachineFileError(string File, int Line, int Column, string Key, string? Value, string Message)
{
    public override string ToString()
    {
        string where = Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
        if (Key.Length == 0) return $"{where}: {Message}";
        return Value is null ? $"{where}: {Key}: {Message}" : $"{where}: {Key} = {Value}: {Message}";
    }
}
