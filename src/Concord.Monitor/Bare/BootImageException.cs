namespace Concord.Monitor.Bare;

/// <summary>
/// A boot image that cannot be used: missing, a folder, unreadable or too short. Bad input from
/// the user, not a host bug; the message names the file and says what would be valid.
/// </summary>
public sealed class BootImageException : Exception
{
    public BootImageException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>The path as the user gave it.</summary>
    public string Path { get; }
}
