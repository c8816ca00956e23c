using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Pc;

/// <summary>Settings of a <see cref="PcMachine"/>: CPU, clock, diskettes and the debug console's sink.</summary>
public sealed record PcMachineOptions
{
    /// <summary>The nanoseconds of virtual time one instruction takes: 100 ns, a 10 MIPS machine.</summary>
    public const long DefaultNsPerInstruction = 100;

    /// <summary>The date and time the CMOS clock starts from with the virtual clock (a fixed date, for reproducible runs).</summary>
    public static readonly DateTime DefaultVirtualStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The processor. The BIOS is 8086 code, so both models boot; the default is the AT's 80286.</summary>
    public CpuModel Model { get; init; } = CpuModel.I80286;

    public ClockKind Clock { get; init; } = ClockKind.Virtual;

    /// <summary>The hardware the OS expects (docs/profiles.md): the BIOS, text memory and video of the PC/AT or of the nx machine.</summary>
    public PlatformProfile Profile { get; init; } = PlatformProfile.At;

    /// <summary>Virtual time per instruction (virtual clock only).</summary>
    public long NsPerInstruction { get; init; } = DefaultNsPerInstruction;

    /// <summary>The CMOS clock at power-on; null for <see cref="DefaultVirtualStart"/> (virtual clock) or the host's local time (realtime).</summary>
    public DateTime? StartTime { get; init; }

    /// <summary>The image file in drive A:, or null for an empty drive.</summary>
    public string? FloppyA { get; init; }

    /// <summary>The image file in drive B:, or null for an empty drive (the drive exists only if an image or a type is given).</summary>
    public string? FloppyB { get; init; }

    /// <summary>Open the images read-only (the guest sees write-protected diskettes; the files take a shared lock).</summary>
    public bool ReadOnlyA { get; init; }
    public bool ReadOnlyB { get; init; }

    /// <summary>The drive types; null picks one that reads the medium (1.44M unless the medium needs another).</summary>
    public FloppyDriveType? DriveTypeA { get; init; }
    public FloppyDriveType? DriveTypeB { get; init; }

    /// <summary>Where bytes written to port E9h go, unchanged; null drops them.</summary>
    public Stream? DebugConsole { get; init; }

    /// <summary>Called on every OUT the guest makes (virtual time, port, byte), for traces; null for none. Word OUTs arrive as two bytes.</summary>
    public Action<long, ushort, byte>? PortWriteTrace { get; init; }

    /// <summary>The longest slice of the vCPU between two looks at the devices, in instructions.</summary>
    public long MaxSliceInstructions { get; init; } = 100_000;

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Model))
            throw new ArgumentOutOfRangeException(nameof(Model), Model, $"the CPU model must be one of {CpuModels.ValidNames}");
        if (!Enum.IsDefined(Clock))
            throw new ArgumentOutOfRangeException(nameof(Clock), Clock, $"the clock must be one of {ClockKinds.ValidNames}");
        if (NsPerInstruction is <= 0 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(NsPerInstruction), NsPerInstruction, "the virtual time per instruction must be 1 ns to 1 ms");
        if (MaxSliceInstructions <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxSliceInstructions), MaxSliceInstructions, "a slice must be at least one instruction");
        foreach (var (name, type) in new[] { (nameof(DriveTypeA), DriveTypeA), (nameof(DriveTypeB), DriveTypeB) })
            if (type is { } t && (!Enum.IsDefined(t) || t == FloppyDriveType.None))
                throw new ArgumentOutOfRangeException(name, t, "a drive type must be 360K, 1.2M, 720K, 1.44M or 2.88M");
    }
}
