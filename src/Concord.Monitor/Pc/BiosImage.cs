namespace Concord.Monitor.Pc;

/// <summary>
/// The Concord BIOS (firmware/bios, built by firmware/build.sh), embedded in this assembly from
/// <c>firmware/bios/bios.bin</c> at build time, so a rebuilt image is picked up by the next build.
/// </summary>
public static class BiosImage
{
    /// <summary>The image's size: one 64 KiB ROM for F0000h-FFFFFh.</summary>
    public const int Size = 0x10000;

    /// <summary>Where the ROM is mapped (also mirrored at FF0000h, below the 80286's 16 MiB top, as on an AT).</summary>
    public const uint Address = 0xF0000;

    private const string ResourceName = "Concord.Monitor.Pc.bios.bin";

    /// <summary>A fresh copy of the embedded image.</summary>
    public static byte[] Load()
    {
        using Stream stream = typeof(BiosImage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the BIOS resource {ResourceName} is missing from {typeof(BiosImage).Assembly.GetName().Name}; rebuild Concord.Monitor");
        if (stream.Length != Size)
            throw new InvalidOperationException($"the embedded BIOS is {stream.Length} bytes; it must be {Size} (run firmware/build.sh)");
        var image = new byte[Size];
        stream.ReadExactly(image);
        return image;
    }
}
