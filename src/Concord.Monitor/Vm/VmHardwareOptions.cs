using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Monitor.Clocks;
using Concord.Monitor.Profiles;
using Concord.Monitor.Table;

namespace Concord.Monitor.Vm;

/// <summary>Settings of one <see cref="VmHardware"/>: its name, profile, CPU, memory, CMOS view and debug console.</summary>
public sealed record VmHardwareOptions
{
    /// <summary>The VM's name (the machine file's; "pc" for a one-VM machine).</summary>
    public string Name { get; init; } = "pc";

    /// <summary>The hardware the VM's OS expects: its BIOS, text memory and video device .</summary>
    public PlatformProfile Profile { get; init; } = PlatformProfile.At;

    public CpuModel Model { get; init; } = CpuModel.I80286;

    /// <summary>The engine that runs the vCPU.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Interp;

    /// <summary>Conventional memory at 00000h, in KiB (a multiple of 4, at most 640).</summary>
    public int MemoryKib { get; init; } = 640;

    /// <summary>The CMOS clock at power-on.</summary>
    public DateTime StartTime { get; init; } = VirtualTime.DefaultStart;

    /// <summary>The drive types the CMOS reports for A: and B: (the shared controller's drives).</summary>
    public FloppyDriveType CmosDriveA { get; init; } = FloppyDriveType.Drive1440K;
    public FloppyDriveType CmosDriveB { get; init; } = FloppyDriveType.None;

    /// <summary>Boot from B: first (CMOS register 3Dh = 0Bh, the BIOS's boot order), as a VM whose system diskette is in B: does.</summary>
    public bool BootFromB { get; init; }

    /// <summary>Where bytes written to port E9h go, unchanged; null drops them.</summary>
    public Stream? DebugConsole { get; init; }

    /// <summary>The VM's column in its machine's management table (named in trace events).</summary>
    public VmId Id { get; init; }

    /// <summary>Where every byte the guest writes to a port goes, as a <see cref="PortWriteEvent"/>; null for nowhere.</summary>
    public ITraceSink<PortWriteEvent>? PortWrites { get; init; }

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad field.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        if (!Enum.IsDefined(Model))
            throw new ArgumentOutOfRangeException(nameof(Model), Model, $"VM {Name}: the CPU model must be one of {CpuModels.ValidNames}");
        ArgumentNullException.ThrowIfNull(Profile);
        if (MemoryKib < PlatformProfile.MinMemoryKib || MemoryKib > Profile.MaxMemoryKib || MemoryKib % PlatformProfile.MemoryStepKib != 0)
            throw new ArgumentOutOfRangeException(nameof(MemoryKib), MemoryKib,
                $"VM {Name}: memory must be {PlatformProfile.MinMemoryKib} to {Profile.MaxMemoryKib} KiB in steps of {PlatformProfile.MemoryStepKib}");
    }
}
