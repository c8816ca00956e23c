namespace Concord.Monitor.HostFolders;

/// <summary>A folder that cannot be mounted (it does not exist, is not a directory, cannot be read); the message names it.</summary>
public sealed class HostFolderException(string message) : Exception(message);
