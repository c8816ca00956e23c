namespace Concord.Devices.Floppy.Fat;

/// <summary>Choices when formatting a volume. With <see cref="Timestamp"/> set, formatting is deterministic.</summary>
public sealed record FatFormatOptions
{
    /// <summary>The volume label (up to 11 characters, see <see cref="FatName.LabelProblem"/>), or null for none.</summary>
    public string? Label { get; init; }

    /// <summary>The serial number in the extended BPB; null derives it from <see cref="Timestamp"/>, as DOS does.</summary>
    public uint? VolumeId { get; init; }

    /// <summary>The time of the label entry and the source of the serial number; null for the current local time.</summary>
    public DateTime? Timestamp { get; init; }

    /// <summary>The 8-byte OEM name at offset 03h.</summary>
    public string OemName { get; init; } = "CONCORD ";
}
