namespace Concord.Monitor.HostFolders;

/// <summary>What an extended open did (returned in CX): 1 opened, 2 created, 3 replaced.</summary>
public enum DosOpenResult : ushort
{
    Opened = 1,
    Created = 2,
    Replaced = 3,
}
