namespace Concord.Devices.Dma;

/// <summary>The 8237 command register (written at 08h).</summary>
[Flags]
public enum DmaCommandRegister : byte
{
    MemoryToMemory = 0x01,
    Channel0AddressHold = 0x02,
    ControllerDisable = 0x04,
    CompressedTiming = 0x08,
    RotatingPriority = 0x10,
    ExtendedWrite = 0x20,
    DreqActiveLow = 0x40,
    DackActiveHigh = 0x80,
}
