namespace Concord.Devices.Dma;

/// <summary>The 8237 mode register (written at 0Bh): mode, address direction, auto-initialize, transfer type, channel.</summary>
[Flags]
public enum DmaModeRegister : byte
{
    ChannelMask = 0x03,
    TransferTypeMask = 0x0C,
    /// <summary>Verify: addresses and counts move, memory is not touched.</summary>
    Verify = 0x00,
    /// <summary>Write transfer: device to memory.</summary>
    WriteTransfer = 0x04,
    /// <summary>Read transfer: memory to device.</summary>
    ReadTransfer = 0x08,
    AutoInitialize = 0x10,
    AddressDecrement = 0x20,
    ModeMask = 0xC0,
    DemandMode = 0x00,
    SingleMode = 0x40,
    BlockMode = 0x80,
    CascadeMode = 0xC0,
}
