using Concord.Core.Cpu;

namespace Concord.Cli.Commands;

/// <summary>
/// What <c>concord run</c> was asked to do, parsed and checked: the options object the machine is
/// built from. New options (a machine file, a hard disk, the UI) land here first.
/// </summary>
internal sealed record RunSettings
{
    /// <summary>The raw floppy image to boot, as given.</summary>
    public required string Floppy { get; init; }

    /// <summary>No terminal UI: the guest's debug console goes to standard output.</summary>
    public bool Headless { get; init; }

    public CpuModel Cpu { get; init; } = CpuModel.I8086;

    /// <summary>Host time after which the run stops; null for none.</summary>
    public TimeSpan? Timeout { get; init; }
}
