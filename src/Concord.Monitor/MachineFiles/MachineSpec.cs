using System.Collections.Immutable;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// A whole machine as its machine file describes it, every field checked: the VMs (exactly one
/// parent), the shared drives, the gates, the management table's policies, the clock and the trace.
/// Made only by <see cref="MachineFile"/>; immutable.
/// </summary>
/// <param name="SourcePath">The machine file, a full path.</param>
/// <param name="Vms">In the order of the file.</param>
/// <param name="Drives">In the order of the file.</param>
/// <param name="Gates">In the order of the file.</param>
/// <param name="TracePath">Where the trace goes (JSON Lines), a full path; null for no trace.</param>
public sealed record MachineSpec(
    string SourcePath,
    ImmutableArray<VmSpec> Vms,
    ImmutableArray<DriveSpec> Drives,
    ImmutableArray<GateSpec> Gates,
    PolicySpec Policy,
    ClockSpec Clock,
    string? TracePath)
{
    /// <summary>The one VM with <see cref="VmRole.Parent"/>.</summary>
    public VmSpec Parent => Vms.First(v => v.Role == VmRole.Parent);

    /// <summary>The VM of that name, or null.</summary>
    public VmSpec? Vm(string name) => Vms.FirstOrDefault(v => v.Name == name);

    /// <summary>The drive of that name, or null.</summary>
    public DriveSpec? Drive(string name) => Drives.FirstOrDefault(d => d.Name == name);
}
