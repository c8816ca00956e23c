using Concord.Core.Cpu;
using Concord.Monitor.Pc;
using Concord.Monitor.Profiles;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;

namespace Concord.Cli.Commands;

/// <summary>
/// What <c>concord run</c> was asked to do, parsed and checked: the options object the machine is
/// built from.
/// </summary>
internal sealed record RunSettings
{
    /// <summary>The raw floppy image in drive A:, as given.</summary>
    public required string Floppy { get; init; }

    /// <summary>The raw floppy image in drive B:, or null for no drive B:.</summary>
    public string? FloppyB { get; init; }

    /// <summary>No terminal UI: the guest's debug console goes to standard output.</summary>
    public bool Headless { get; init; }

    public CpuModel Cpu { get; init; } = CpuModel.I80286;

    /// <summary>The hardware the diskette's OS expects: at (the PC) or nx (the other hardware).</summary>
    public PlatformProfile Profile { get; init; } = PlatformProfile.At;

    /// <summary>The clock; null picks virtual for headless runs and realtime for the terminal UI.</summary>
    public ClockKind? Clock { get; init; }

    /// <summary>Expect and send steps in the order given on the command line.</summary>
    public IReadOnlyList<AutomationStep> Steps { get; init; } = [];

    /// <summary>Host time after which the run stops (status 3); null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Where the final screen is written as text; null for nowhere.</summary>
    public string? Screen { get; init; }

    public ClockKind EffectiveClock => Clock ?? (Headless ? ClockKind.Virtual : ClockKind.Realtime);
}
