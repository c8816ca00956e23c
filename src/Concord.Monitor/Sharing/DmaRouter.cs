using Concord.Devices.Dma;

namespace Concord.Monitor.Sharing;

/// <summary>
/// The shared controller's DMA: transfers go to the DMA controller (and so the memory) of one VM,
/// the lease holder. With no VM, the controller sees no DACK (an overrun), as with a masked channel.
/// </summary>
internal sealed class DmaRouter : IDmaController
{
    public IDmaController? Target { get; set; }

    public int Transfer(int channel, Span<byte> buffer, DmaDirection direction) =>
        Target?.Transfer(channel, buffer, direction) ?? 0;

    public bool TerminalCount(int channel) => Target?.TerminalCount(channel) ?? false;
}
