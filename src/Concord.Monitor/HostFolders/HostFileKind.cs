namespace Concord.Monitor.HostFolders;

/// <summary>What a host directory entry is, as far as serving it to DOS goes.</summary>
public enum HostFileKind
{
    /// <summary>Gone, or not readable (a dangling link, a loop of links, no permission).</summary>
    Missing,
    RegularFile,
    Directory,
    /// <summary>A FIFO, socket or device: never served (reading a FIFO would block the machine, a device is not a file).</summary>
    Special,
}
