namespace Concord.Monitor.HostFolders;

/// <summary>
/// Where a directory search goes on, as the redirector keeps it in DOS's search block (the
/// 21 bytes at the start of the DTA): the search, the index of the next entry to look at, and a
/// cookie that tells a live search from a stale block naming a search slot used again since.
/// </summary>
public readonly record struct FindPosition(ushort Search, ushort Index, uint Cookie);
