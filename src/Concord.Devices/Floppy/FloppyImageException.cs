namespace Concord.Devices.Floppy;

/// <summary>A diskette image that cannot be used: missing, unreadable, of a size no format has, or held by another process.</summary>
public sealed class FloppyImageException : IOException
{
    public FloppyImageException(string path, string message, Exception? inner = null)
        : base($"floppy image '{path}': {message}", inner) => ImagePath = path;

    public string ImagePath { get; }
}
