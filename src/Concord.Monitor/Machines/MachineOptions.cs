using Concord.Monitor.Table;
using Concord.Monitor.Clocks;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Machines;

/// <summary>Host-side settings of a <see cref="Machine"/> that a machine file does not hold.</summary>
public sealed record MachineOptions
{
    /// <summary>Where the management table's trace goes (e.g. a <see cref="JsonLinesTraceWriter"/>); null for none.</summary>
    public ITraceSink? Trace { get; init; }

    /// <summary>A VM's debug console (port E9h) sink by VM name; null or a null result drops the bytes.</summary>
    public Func<string, Stream?>? DebugConsole { get; init; }

    /// <summary>Makes the VMs' vCPUs; null for a new factory of this machine's own.</summary>
    public Engines.EngineFactory? Engines { get; init; }

    /// <summary>The CMOS clock at power-on; null for 2025-01-01 (virtual clock) or the host's local time (realtime).</summary>
    public DateTime? StartTime { get; init; }

    /// <summary>The longest slice of one vCPU between two looks at the devices, in instructions.</summary>
    public long MaxSliceInstructions { get; init; } = 100_000;

    /// <summary>
    /// Virtual clock: how far (ns) a running VM may get ahead of the VM furthest behind before the
    /// scheduler switches. Small keeps the VMs close in time; large costs fewer switches.
    /// </summary>
    public long MaxSkewNs { get; init; } = 1_000_000;

    /// <summary>Called on every OUT a VM makes (VM, time, port, byte); null for none.</summary>
    public Action<string, long, ushort, byte>? PortWriteTrace { get; init; }
}
