namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// A FAT operation that cannot be done: the message names the image, the file or field, the value and
/// what would be valid. The volume is unchanged when one is thrown (except for <see cref="FatError.WriteFailed"/>).
/// </summary>
public sealed class FatException : IOException
{
    public FatException(string image, FatError error, string message, Exception? inner = null)
        : base($"floppy image '{image}': {message}", inner)
    {
        ImageName = image;
        Error = error;
    }

    /// <summary>The image's path, or "(memory)".</summary>
    public string ImageName { get; }

    public FatError Error { get; }
}
