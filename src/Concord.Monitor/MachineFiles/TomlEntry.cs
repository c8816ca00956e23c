namespace Concord.Monitor.MachineFiles;

/// <summary>A key of a table with the position where the key was written (1-based) and its value.</summary>
internal sealed record TomlEntry(string Key, int Line, int Column, TomlNode Value);
