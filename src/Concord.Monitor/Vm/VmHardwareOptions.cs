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
    public EngineKind Engine { get; init; } = EngineKind.Auto;

    /// <summary>
    /// The VM's memory in KiB, a multiple of 4: up to the profile's conventional memory (640) on
    /// any CPU; on an 80386 also 1024 to 16384, a PC's whole memory: 640 KiB conventional and the
    /// rest from 1 MiB up, the 384 KiB under the video memory and ROMs lost, as a PC with 4 MiB
    /// shows 640 KiB conventional and 3072 KiB extended.
    /// </summary>
    public int MemoryKib { get; init; } = 640;

    /// <summary>The most memory an 80386 VM can have: 16 MiB, the AT bus's limit.</summary>
    public const int MaxMemoryKib386 = 16384;

    /// <summary>The first total that gives an 80386 VM memory above 1 MiB.</summary>
    public const int ExtendedFromKib = 1024;

    /// <summary>Memory below 640 KiB (or the profile's most).</summary>
    public int ConventionalKib => MemoryKib >= ExtendedFromKib ? Profile.MaxMemoryKib : MemoryKib;

    /// <summary>Memory from 1 MiB up.</summary>
    public int ExtendedKib => MemoryKib >= ExtendedFromKib ? MemoryKib - ExtendedFromKib : 0;

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
        if (!MemoryFits(Model, Profile, MemoryKib))
            throw new ArgumentOutOfRangeException(nameof(MemoryKib), MemoryKib, $"VM {Name}: memory must be {ValidMemory(Model, Profile)}");
    }

    /// <summary>Whether <paramref name="kib"/> is a memory size a VM of this CPU and profile can have.</summary>
    public static bool MemoryFits(CpuModel model, PlatformProfile profile, long kib) =>
        kib % profile.MemoryStepKib == 0 &&
        (kib >= profile.MinMemoryKib && kib <= profile.MaxMemoryKib ||
         HasExtendedMemory(model, profile) && kib >= ExtendedFromKib && kib <= MaxMemoryKib386);

    /// <summary>
    /// Memory above 1 MiB needs an 80386 and a board whose BIOS reports it (the at profile's CMOS
    /// and INT 15h); our PC-98 BIOS models a PC-9801 with conventional memory only.
    /// </summary>
    public static bool HasExtendedMemory(CpuModel model, PlatformProfile profile) =>
        model == CpuModel.I80386 && profile.Board == PlatformBoard.At;

    /// <summary>The memory sizes <see cref="MemoryFits"/> takes, as words for an error message ("valid values are ...").</summary>
    public static string ValidMemory(CpuModel model, PlatformProfile profile)
    {
        string conventional = $"{profile.MinMemoryKib} to {profile.MaxMemoryKib}";
        string step = $"(KiB) in steps of {profile.MemoryStepKib} for profile {profile.Name}";
        if (HasExtendedMemory(model, profile))
            return $"{conventional}, or {ExtendedFromKib} to {MaxMemoryKib386} (memory above 1 MiB), {step}";
        return profile.Board == PlatformBoard.At
            ? $"{conventional} {step}; {ExtendedFromKib} to {MaxMemoryKib386}, memory above 1 MiB, need cpu = \"80386\""
            : $"{conventional} {step}";
    }
}
