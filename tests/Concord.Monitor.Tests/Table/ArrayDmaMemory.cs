using Concord.Devices.Dma;

namespace Concord.Monitor.Tests.Table;

/// <summary>1 MiB of plain memory for one fake VM's DMA.</summary>
public sealed class ArrayDmaMemory : IDmaMemory
{
    public byte[] Bytes { get; } = new byte[0x100000];

    public byte Read8(uint address) => Bytes[address & 0xFFFFF];

    public void Write8(uint address, byte value) => Bytes[address & 0xFFFFF] = value;
}
