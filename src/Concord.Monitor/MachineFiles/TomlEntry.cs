
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;
namespace Concord.Monitor.MachineFiles;

/// <summary>A key of a table with the position where the key was written (1-based) and its value.</summary>
internal sealed record TomlEntry(string Key, int Line, int Column, TomlNode Value);
