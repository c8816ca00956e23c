namespace Concord.Devices.Dma;

/// <summary>
/// What a device with a DREQ line sees of a DMA controller. The monitor may put its own
/// implementation between a shared device and the DMA controller of the VM that holds the device.
/// </summary>
public interface IDmaController
{
    /// <summary>
    /// Moves up to <paramref name="buffer"/>.Length bytes on <paramref name="channel"/>: from the
    /// buffer to memory (<see cref="DmaDirection.ToMemory"/>) or from memory into the buffer.
    /// Returns how many bytes the controller took or gave; fewer than asked when terminal count was
    /// reached, and 0 when the channel is masked or the controller disabled (the device then sees no
    /// DACK, i.e. an overrun).
    /// </summary>
    int Transfer(int channel, Span<byte> buffer, DmaDirection direction);

    /// <summary>Whether the channel reached terminal count during the last <see cref="Transfer"/> on it.</summary>
    bool TerminalCount(int channel);
}
