using Concord.Devices.Bus;

namespace Concord.Devices.Video;

/// <summary>
/// The PC-98's second uPD7220, the graphics GDC, at A0h (read: status, write: parameter) and A2h
/// (read: FIFO, write: command), as far as a text-only machine needs it: its status register, whose
/// vertical sync bit software counts to time things (the GDCs run in step with the text one:
/// <see cref="Pc98TextVideo.SyncStatus"/>). No interrupt or DMA lines.
/// </summary>
/// <remarks>
/// Limitations: there is no graphics VRAM or display; commands and parameters are taken (the FIFO
/// always has room) and ignored, the FIFO never has data.
/// </remarks>
public sealed class Pc98GraphicsGdc(IClock clock, ushort statusPort = Pc98GraphicsGdc.StatusPort, ushort commandPort = Pc98GraphicsGdc.CommandPort) : IPortDevice
{
    public const ushort StatusPort = 0xA0;
    public const ushort CommandPort = 0xA2;

    /// <summary>Commands written (ignored).</summary>
    public long Commands { get; private set; }

    public GdcStatus Status => GdcStatus.FifoEmpty | Pc98TextVideo.SyncStatus(clock.NowNs);

    public byte Read(ushort port)
    {
        if (port == statusPort) return (byte)Status;
        return 0xFF;
    }

    public void Write(ushort port, byte value)
    {
        if (port == commandPort) Commands++;
    }
}
