namespace Concord.Monitor.HostFolders;

/// <summary>The access bits (0-2) of a DOS open mode.</summary>
public enum DosOpenAccess
{
    Read = 0,
    Write = 1,
    ReadWrite = 2,
}
