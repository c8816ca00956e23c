namespace Concord.Devices.Dma;

/// <summary>The memory a DMA controller reaches: 24-bit physical addresses.</summary>
public interface IDmaMemory
{
    byte Read8(uint address);
    void Write8(uint address, byte value);
}
