namespace Concord.Monitor.HostFolders;

/// <summary>What a find first or find next returns: the entry found and where the search goes on.</summary>
public readonly record struct FoundEntry(HostEntry Entry, FindPosition Next);
