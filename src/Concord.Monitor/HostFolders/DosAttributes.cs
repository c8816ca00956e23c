namespace Concord.Monitor.HostFolders;

/// <summary>The attribute byte of a DOS directory entry.</summary>
[Flags]
public enum DosAttributes : byte
{
    None = 0x00,
    ReadOnly = 0x01,
    Hidden = 0x02,
    System = 0x04,
    VolumeLabel = 0x08,
    Directory = 0x10,
    Archive = 0x20,
}
