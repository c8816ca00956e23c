using System.Collections.Immutable;
using Concord.Core.Cpu;
using Concord.Monitor.Clocks;
using Concord.Monitor.Profiles;
using Concord.Monitor.Vm;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// A whole machine as its machine file describes it, every field checked: the VMs (exactly one
/// parent), the shared drives, the gates, the management table's policies, the clock and the trace.
/// Made only by <see cref="MachineFile"/>; immutable.
/// </summary>
/// <param name="SourcePath">The machine file, a full path (<see cref="CommandLine"/> for a machine made by <see cref="ForDiskettes"/>).</param>
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
    /// <summary>Host folders served as drives (<c>[[mount]]</c>), in the order of the file; none by default.</summary>
    public ImmutableArray<MountSpec> Mounts { get; init; } = [];

    /// <summary>The one VM with <see cref="VmRole.Parent"/>.</summary>
    public VmSpec Parent => Vms.First(v => v.Role == VmRole.Parent);

    /// <summary>The VM of that name, or null.</summary>
    public VmSpec? Vm(string name) => Vms.FirstOrDefault(v => v.Name == name);

    /// <summary>The drive of that name, or null.</summary>
    public DriveSpec? Drive(string name) => Drives.FirstOrDefault(d => d.Name == name);

    /// <summary>The <see cref="SourcePath"/> of a machine made from the command line.</summary>
    public const string CommandLine = "command line";

    /// <summary>The name of the one VM of <see cref="ForDiskettes"/>.</summary>
    public const string SoloVmName = "pc";

    /// <summary>
    /// The memory of <see cref="ForDiskettes"/>'s VM, in KiB: 4 MiB where the board has memory above
    /// 1 MiB (an 80386 PC/AT), else all the conventional memory the profile has.
    /// </summary>
    public static int SoloMemoryKib(CpuModel cpu, PlatformProfile profile) =>
        VmHardwareOptions.HasExtendedMemory(cpu, profile) ? 4096 : profile.MaxMemoryKib;

    /// <summary>
    /// A machine of one VM that boots from its diskettes as a PC does (<c>concord run --floppy</c>):
    /// the VM <see cref="SoloVmName"/>, parent, with all the conventional memory of its profile (an
    /// 80386 also 3 MiB above 1 MiB: 4 MiB in all, a common 386 PC), and
    /// drives A: and B: for the images given (at least one); image sizes are checked when the images
    /// are opened. Image paths stay as given, so messages name them as the user wrote them.
    /// </summary>
    public static MachineSpec ForDiskettes(string? floppyA, string? floppyB, PlatformProfile profile, CpuModel cpu, ClockKind clock,
        EngineKind engine = EngineKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (floppyA is null && floppyB is null) throw new ArgumentException("a machine of diskettes needs at least one image", nameof(floppyA));
        var drives = ImmutableArray.CreateBuilder<DriveSpec>();
        if (floppyA is not null) drives.Add(new DriveSpec("drive-a", floppyA, Format: null, ReadOnly: false, Unit: 0));
        if (floppyB is not null) drives.Add(new DriveSpec("drive-b", floppyB, Format: null, ReadOnly: false, Unit: 1));
        var vm = new VmSpec(SoloVmName, VmRole.Parent, profile, SoloMemoryKib(cpu, profile), engine, cpu, drives[0].Name, BusyByteSpec.None);
        return new MachineSpec(CommandLine, [vm], drives.ToImmutable(), [], PolicySpec.Default, ClockSpec.Default with { Kind = clock }, null);
    }
}
