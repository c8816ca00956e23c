using System.Text;

namespace Concord.Monitor.Machines;

/// <summary>
/// A command line the host asked a VM's DOS to run (<see cref="MachineDosSessions.Exec"/>): its
/// program and tail as EXEC takes them, where the program's console output goes, and, once done,
/// the <see cref="Result"/>.
/// </summary>
public sealed class DosCommand
{
    /// <summary>The longest command tail a PSP holds (its byte 80h is the length, the tail ends with CR).</summary>
    public const int MaxTail = 126;

    /// <summary>The longest program path EXEC takes here (DOS's own limit is 128 with the terminating zero).</summary>
    public const int MaxProgram = 127;

    private DosCommand(string program, string tail, Action<byte> output)
    {
        Program = program;
        Tail = tail;
        Output = output;
    }

    /// <summary>The program as given (a DOS path, with or without an extension).</summary>
    public string Program { get; }

    /// <summary>The rest of the line as COMMAND.COM passes it: from the blank or switch after the program ("" for none).</summary>
    public string Tail { get; }

    /// <summary>Each byte the program writes to the console (PC/AT: the BIOS teletype, INT 10h AH=0Eh; PC-98: INT 29h), as it writes it.</summary>
    public Action<byte> Output { get; }

    /// <summary>The paths looked for, in order, once the command has run or was not found (the DOS's PATH searched as COMMAND.COM does).</summary>
    public IReadOnlyList<string> Tried { get; internal set; } = [];

    /// <summary>Null until the command has ended (or EXEC refused it).</summary>
    public DosCommandResult? Result { get; internal set; }

    public bool Done => Result is not null;

    /// <summary>
    /// Splits <paramref name="line"/> into a program and a tail; null with <paramref name="error"/>
    /// (what is wrong and what would be valid) when DOS could not take it.
    /// </summary>
    public static DosCommand? Parse(string line, Action<byte> output, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        error = "";
        string trimmed = line.TrimStart(' ', '\t');
        if (trimmed.Length == 0)
        {
            error = "the command line is empty; give a program and its arguments, e.g. D:\\PROG.COM /X";
            return null;
        }
        foreach (char c in line)
        {
            if (c is < ' ' and not '\t' || c > '~')
            {
                error = $"the command line has the character U+{(int)c:X4}; DOS command lines are printable ASCII";
                return null;
            }
        }
        int end = trimmed.IndexOfAny([' ', '\t', '/']);
        if (end == 0) end = trimmed.IndexOfAny([' ', '\t'], 1); // "/X" alone is no program
        string program = end < 0 ? trimmed : trimmed[..end];
        string tail = end < 0 ? "" : trimmed[end..];
        if (program.Length > MaxProgram)
        {
            error = $"the program name '{program[..20]}...' has {program.Length} characters; DOS takes at most {MaxProgram}";
            return null;
        }
        if (tail.Length > MaxTail)
        {
            error = $"the arguments have {tail.Length} characters; a DOS command tail holds at most {MaxTail}";
            return null;
        }
        return new DosCommand(program, tail, output);
    }

    /// <summary>The names looked for in a directory, in turn: the program as given, or with .COM, .EXE and then .BAT when it has no extension (COMMAND.COM's order).</summary>
    public IReadOnlyList<string> Candidates()
    {
        bool hasExtension = Program.IndexOf('.', NameStart) >= 0;
        return hasExtension ? [Program] : [Program + ".COM", Program + ".EXE", Program + ".BAT"];
    }

    /// <summary>Whether the program is named with a drive or a directory (then only there), or bare (then also along PATH).</summary>
    public bool HasPath => NameStart > 0;

    /// <summary>
    /// Whether the program is one of COMMAND.COM's internal commands (MS-DOS 6's list, which
    /// FreeCOM also has): no file runs it; COMSPEC /C does.
    /// </summary>
    public bool IsInternal => !HasPath && Program.IndexOf('.') < 0 && Program.ToUpperInvariant() is
        "BREAK" or "CALL" or "CD" or "CHCP" or "CHDIR" or "CLS" or "COPY" or "CTTY" or "DATE" or "DEL" or "DIR" or "ECHO" or
        "ERASE" or "EXIT" or "FOR" or "GOTO" or "IF" or "LH" or "LOADHIGH" or "MD" or "MKDIR" or "PATH" or "PAUSE" or
        "PROMPT" or "RD" or "REM" or "REN" or "RENAME" or "RMDIR" or "SET" or "SHIFT" or "TIME" or "TYPE" or "VER" or
        "VERIFY" or "VOL";

    private int NameStart => Math.Max(Program.LastIndexOf('\\'), Program.LastIndexOf(':')) + 1;

    /// <summary>The program's bytes as EXEC reads them (ASCII).</summary>
    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
