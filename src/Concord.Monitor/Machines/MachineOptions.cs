using Concord.Monitor.Tracing;

namespace Concord.Monitor.Machines;

/// <summary>Host-side settings of a <see cref="Machine"/> that a machine file does not hold.</summary>
public sealed record MachineOptions
{
    /// <summary>
    /// Where the machine's trace goes, as one stream (e.g. a <see cref="JsonLinesTraceWriter"/>): every
    /// change of the management table, every step of a gate call, and the port writes when
    /// <see cref="TracePortWrites"/> is set; null for none.
    /// </summary>
    public IMachineTraceSink? Trace { get; init; }

    /// <summary>Also trace every byte each VM writes to a port (many: a screen update is several).</summary>
    public bool TracePortWrites { get; init; }

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

}
