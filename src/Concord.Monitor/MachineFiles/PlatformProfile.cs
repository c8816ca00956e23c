namespace Concord.Monitor.MachineFiles;

/// <summary>The hardware a VM's OS expects: its memory map, text video and native diskettes.</summary>
public enum PlatformProfile
{
    /// <summary>The PC/AT: text VRAM at B8000h, 1.44M diskettes of 512-byte sectors.</summary>
    At,

    /// <summary>
    /// The "other hardware": PC-98-like text VRAM at A0000h with attributes at A2000h, 1.23M diskettes
    /// of 77 cylinders x 2 heads x 8 sectors of 1024 bytes.
    /// </summary>
    Nx,
}

/// <summary>Names and limits of <see cref="PlatformProfile"/> as a machine file gives them.</summary>
public static class PlatformProfiles
{
    /// <summary>The spellings a machine file accepts.</summary>
    public const string ValidNames = "at, nx";

    /// <summary>The least conventional memory a VM may have, in KiB.</summary>
    public const int MinMemoryKib = 64;

    /// <summary>Memory sizes are whole 4 KiB pages, the unit of every memory map.</summary>
    public const int MemoryStepKib = 4;

    /// <summary>The most conventional memory of a VM of this profile, in KiB: up to its video memory (A0000h on both).</summary>
    public static int MaxMemoryKib(this PlatformProfile profile) => profile switch
    {
        PlatformProfile.At => 640,
        PlatformProfile.Nx => 640,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown platform profile"),
    };

    public static string Name(this PlatformProfile profile) => profile == PlatformProfile.At ? "at" : "nx";
}
