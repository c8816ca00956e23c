namespace Concord.Monitor.HostFolders;

/// <summary>
/// One DOS open of a host file (what an SFT entry of a redirected file stands for): the shared
/// <see cref="HostOpenFile"/> and what this open may do. <see cref="Id"/> and <see cref="Tag"/>
/// are what the redirector writes into the SFT to find it again; a tag that does not match is a
/// stale SFT.
/// </summary>
public sealed class HostFileHandle
{
    internal HostFileHandle(ushort id, ushort tag, HostOpenFile file, bool canRead, bool canWrite, HostEntry entry)
    {
        Id = id;
        Tag = tag;
        File = file;
        CanRead = canRead;
        CanWrite = canWrite;
        Entry = entry;
    }

    public ushort Id { get; }

    public ushort Tag { get; }

    public bool CanRead { get; }

    public bool CanWrite { get; }

    /// <summary>The entry as it was when opened (its DOS name and attributes go into the SFT).</summary>
    public HostEntry Entry { get; }

    /// <summary>The file's length now (with this open's and every other open's changes).</summary>
    public long Length => File.Length;

    internal HostOpenFile File { get; }

    internal bool Closed { get; set; }
}
