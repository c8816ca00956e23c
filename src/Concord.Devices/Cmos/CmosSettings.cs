using Concord.Devices.Floppy;

namespace Concord.Devices.Cmos;

/// <summary>What the CMOS says about the machine at power-on (the setup a BIOS would have saved).</summary>
public sealed record CmosSettings
{
    public FloppyDriveType DriveA { get; init; } = FloppyDriveType.Drive1440K;
    public FloppyDriveType DriveB { get; init; } = FloppyDriveType.None;
    /// <summary>Conventional memory in KiB (15h/16h).</summary>
    public int BaseMemoryKb { get; init; } = 640;
    /// <summary>Memory above 1 MiB in KiB (17h/18h and 30h/31h).</summary>
    public int ExtendedMemoryKb { get; init; }
    public bool MathCoprocessor { get; init; }
}
