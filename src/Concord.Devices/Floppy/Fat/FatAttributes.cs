namespace Concord.Devices.Floppy.Fat;

/// <summary>The attribute byte of a directory entry (offset 0Bh).</summary>
[Flags]
public enum FatAttributes : byte
{
    None = 0,
    ReadOnly = 0x01,
    Hidden = 0x02,
    System = 0x04,
    /// <summary>The entry is the volume label, not a file.</summary>
    VolumeLabel = 0x08,
    Directory = 0x10,
    /// <summary>Changed since the last backup; set on every file written.</summary>
    Archive = 0x20,
    /// <summary>The combination that marks a long-name entry (read-only, hidden, system, label).</summary>
    LongName = ReadOnly | Hidden | System | VolumeLabel,
}
