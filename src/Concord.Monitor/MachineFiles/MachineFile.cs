using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// Reads machine files: TOML descriptions of a machine with several VMs (the schema is in
/// docs/machine-file.md). Nothing is thrown for a bad file: the result holds either the checked
/// <see cref="MachineSpec"/> or every error found, each naming the file, line, column, key, the bad
/// value and what would be valid. Images are checked for existence and size only, never opened.
/// </summary>
public static class MachineFile
{
    /// <summary>Reads and checks the machine file at <paramref name="path"/>; an unreadable file is an error naming it.</summary>
    public static MachineFileResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return FileError(path, "not a valid path");
        }
        if (Directory.Exists(full)) return FileError(path, "cannot read the machine file: it is a folder");

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (FileNotFoundException)
        {
            return FileError(path, "cannot read the machine file: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            return FileError(path, "cannot read the machine file: no such folder");
        }
        catch (UnauthorizedAccessException)
        {
            return FileError(path, "cannot read the machine file: permission denied");
        }
        catch (IOException e)
        {
            return FileError(path, $"cannot read the machine file: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// Checks the text of a machine file. <paramref name="path"/> names the file in errors, and
    /// relative paths inside it (images, trace) resolve against its folder; it need not exist.
    /// </summary>
    public static MachineFileResult Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        if (TomlNesting.Find(text) is var (line, column, message))
            return MachineFileResult.Invalid([new MachineFileError(path, line, column, "", null, message)]);
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, path, validate: true);
        }
        catch (Exception e) when (e is TomlException or ArgumentException)
        {
            // The parser threw instead of reporting (its own limits, or a fault of its own on bad
            // text; what TomlNesting finds is checked first). It names no position: the first line
            // whose text, with the lines before it, makes it throw is the one to mend.
            return MachineFileResult.Invalid([new MachineFileError(path, ThrowingLine(text), 1, "", null,
                $"TOML syntax: this line cannot be read ({(e as TomlException)?.Message ?? "the parser failed on it"})")]);
        }
        if (document.HasErrors)
        {
            var errors = document.Diagnostics
                .Where(d => d.Kind == DiagnosticMessageKind.Error)
                .Select(d => new MachineFileError(path, TomlTreeBuilder.Line(d.Span.Start), TomlTreeBuilder.Column(d.Span.Start), "", null, $"TOML syntax: {d.Message}"))
                .Distinct()
                .OrderBy(e => e.Line).ThenBy(e => e.Column);
            return MachineFileResult.Invalid(errors);
        }
        var root = new TomlTreeBuilder(text).Build(document);
        return new MachineFileReader(path, Path.GetFullPath(path)).Read(root);
    }

    /// <summary>The 1-based number of the first line at which the parser throws on the text up to it (the last line if none does alone).</summary>
    private static int ThrowingLine(string text)
    {
        int line = 0, end = -1;
        do
        {
            end = text.IndexOf('\n', end + 1);
            line++;
            try
            {
                SyntaxParser.Parse(end < 0 ? text : text[..(end + 1)], "", validate: false);
            }
            catch (Exception e) when (e is TomlException or ArgumentException)
            {
                return line;
            }
        }
        while (end >= 0);
        return line;
    }

    private static MachineFileResult FileError(string path, string message) =>
        MachineFileResult.Invalid([new MachineFileError(path, 0, 0, "", null, message)]);
}
