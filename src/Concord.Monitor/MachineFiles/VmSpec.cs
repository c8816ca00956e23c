using System.Collections.Immutable;
using Concord.Core.Cpu;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.MachineFiles;

/// <summary>One VM of a machine file (a <c>[[vm]]</c> table), checked.</summary>
/// <param name="Name">Unique in the machine; gates and traces name the VM by it.</param>
/// <param name="MemoryKib">Conventional memory, a multiple of 4 KiB within the profile's range.</param>
/// <param name="BootDrive">The <see cref="DriveSpec.Name"/> of the drive it boots from (a drive letter in the file is resolved to it).</param>
public sealed record VmSpec(
    string Name,
    VmRole Role,
    PlatformProfile Profile,
    int MemoryKib,
    EngineKind Engine,
    CpuModel Cpu,
    string BootDrive,
    BusyByteSpec BusyByte)
{
    /// <summary>
    /// Pages of the VM's memory its OS never uses (the machine file's <c>free</c>), which a gate's
    /// window may cover during a call; every other page of its memory is protected (C003).
    /// </summary>
    public ImmutableArray<GateWindow> Free { get; init; } = [];
}
