using Concord.Cli;
using Concord.Core.Cpu;
using Concord.Devices.Bus;
using Concord.Engines.Interpreter;

namespace Concord.Architecture.Tests;

/// <summary>
/// The layers of docs/architecture.md, each allowed to use only those below it: Core uses nothing
/// of ours; Engines and Devices use Core only (not each other); Monitor uses Core, Engines and
/// Devices; Cli may use any of them. A new project under src/ must be added here.
/// </summary>
public static class Layers
{
    public const string Core = "Concord.Core";
    public const string Engines = "Concord.Engines";
    public const string Devices = "Concord.Devices";
    public const string Monitor = "Concord.Monitor";
    public const string Cli = "Concord.Cli";

    public static IReadOnlyList<Layer> All { get; } =
    [
        new(Core, typeof(CpuState).Assembly, new HashSet<string>()),
        new(Engines, typeof(Interpreter).Assembly, new HashSet<string> { Core }),
        new(Devices, typeof(PortBus).Assembly, new HashSet<string> { Core }),
        new(Monitor, typeof(Monitor.Machines.Machine).Assembly, new HashSet<string> { Core, Engines, Devices }),
        new(Cli, typeof(ConcordCli).Assembly, new HashSet<string> { Core, Engines, Devices, Monitor }),
    ];

    /// <summary>The layer whose assembly has this name, or null for an assembly that is not ours.</summary>
    public static Layer? ByAssemblyName(string? name) => All.FirstOrDefault(l => l.Assembly.GetName().Name == name);

    public static Layer? ByProject(string project) => All.FirstOrDefault(l => l.Project == project);
}
