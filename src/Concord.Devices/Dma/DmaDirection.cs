namespace Concord.Devices.Dma;

/// <summary>Which way a device moves data, seen from the device.</summary>
public enum DmaDirection
{
    /// <summary>Device to memory (the 8237's "write transfer", e.g. a floppy read).</summary>
    ToMemory,
    /// <summary>Memory to device (the 8237's "read transfer", e.g. a floppy write).</summary>
    FromMemory,
}
