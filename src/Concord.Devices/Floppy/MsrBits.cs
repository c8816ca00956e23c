namespace Concord.Devices.Floppy;

/// <summary>Main status register (3F4h read).</summary>
[Flags]
public enum MsrBits : byte
{
    Drive0Busy = 0x01,
    Drive1Busy = 0x02,
    Drive2Busy = 0x04,
    Drive3Busy = 0x08,
    /// <summary>CB: a command is in progress.</summary>
    CommandBusy = 0x10,
    /// <summary>NON DMA: execution phase in non-DMA mode.</summary>
    NonDma = 0x20,
    /// <summary>DIO: 1 = controller to CPU (result phase).</summary>
    DataToCpu = 0x40,
    /// <summary>RQM: the FIFO is ready for a byte.</summary>
    RequestForMaster = 0x80,
}
