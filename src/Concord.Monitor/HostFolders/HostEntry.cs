using Concord.Devices.Floppy.Fat;

namespace Concord.Monitor.HostFolders;

/// <summary>
/// One entry of a host directory as DOS sees it: its host name and path, the 8.3 name it shows
/// under (its own, upper-cased, or an alias), and its directory-entry facts.
/// </summary>
/// <param name="HostName">The name in the host directory.</param>
/// <param name="HostPath">The full host path (through the mounted folder, links not resolved).</param>
/// <param name="DosName">The 8.3 name, e.g. <c>README.TXT</c> or <c>MYLO~K3F.TEX</c>.</param>
/// <param name="Fcb">The same name in its 11-byte form.</param>
/// <param name="Size">Bytes (0 for a directory; at most 4 GiB - 1, what DOS can count).</param>
/// <param name="LastWrite">The host's modification time, local time.</param>
public sealed record HostEntry(string HostName, string HostPath, string DosName, byte[] Fcb, FatAttributes Attributes,
    uint Size, DateTime LastWrite)
{
    public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0;
}
