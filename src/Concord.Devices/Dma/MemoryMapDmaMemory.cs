using Concord.Core.Memory;

namespace Concord.Devices.Dma;

/// <summary>DMA into a VM's memory map: writes to ROM or unmapped pages are dropped, as for the CPU.</summary>
public sealed class MemoryMapDmaMemory(MemoryMap map) : IDmaMemory
{
    public MemoryMap Map { get; } = map;

    public byte Read8(uint address) => Map.Read8(address);

    public void Write8(uint address, byte value) => Map.Write8(address, value);
}
