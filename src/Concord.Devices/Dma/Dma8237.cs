using Concord.Devices.Bus;

namespace Concord.Devices.Dma;

/// <summary>
/// Intel 8237A DMA controller, the AT's first (8-bit) one: channels 0-3 at ports 00h-0Fh and
/// their page registers at 87h, 83h, 81h and 82h (channels 0, 1, 2, 3). The floppy controller
/// uses channel 2.
/// </summary>
/// <remarks>
/// Map this device at 00h (16 ports), 81h (3 ports) and 87h (1 port). Devices move data with
/// <see cref="Transfer"/>: the bytes go through <see cref="Memory"/> at page:address, the address
/// counting up or down and wrapping inside its 64 KiB page as on a PC, the count running to
/// terminal count, where the channel either reloads (auto-initialize) or masks itself, and its TC
/// bit is set in the status register. A transfer whose type does not match the device's direction
/// is done as a verify (memory untouched). Single, block and demand modes behave alike here (the
/// device asks for what it needs at once); cascade mode and memory-to-memory transfers move
/// nothing. The second controller (C0h-DFh, channels 4-7) is not modelled.
/// </remarks>
public sealed class Dma8237 : IPortDevice, IDmaController
{
    public const ushort StatusCommandPort = 0x08;
    public const ushort RequestPort = 0x09;
    public const ushort SingleMaskPort = 0x0A;
    public const ushort ModePort = 0x0B;
    public const ushort ClearFlipFlopPort = 0x0C;
    /// <summary>Write: master clear; read: temporary register.</summary>
    public const ushort MasterClearPort = 0x0D;
    public const ushort ClearMasksPort = 0x0E;
    public const ushort AllMasksPort = 0x0F;
    public const ushort Channel2PagePort = 0x81;
    public const ushort Channel3PagePort = 0x82;
    public const ushort Channel1PagePort = 0x83;
    public const ushort Channel0PagePort = 0x87;

    private readonly DmaChannelState[] _channels = new DmaChannelState[4];
    private DmaCommandRegister _command;
    private byte _terminalCounts;
    private bool _flipFlopHigh;

    public Dma8237(IDmaMemory memory)
    {
        Memory = memory;
        MasterClear();
    }

    /// <summary>Where transfers go; the monitor may point it at another VM's memory.</summary>
    public IDmaMemory Memory { get; set; }

    public DmaChannelState Channel(int channel) => _channels[channel];

    public DmaCommandRegister Command => _command;

    /// <summary>The 24-bit address the channel would reach next.</summary>
    public uint PhysicalAddress(int channel) => (uint)(_channels[channel].Page << 16 | _channels[channel].CurrentAddress);

    public bool TerminalCount(int channel) => _channels[channel].LastTransferReachedTc;

    public void MasterClear()
    {
        _command = 0;
        _terminalCounts = 0;
        _flipFlopHigh = false;
        for (int i = 0; i < 4; i++)
        {
            _channels[i].Masked = true;
            _channels[i].Request = false;
        }
    }

    public int Transfer(int channel, Span<byte> buffer, DmaDirection direction)
    {
        ref DmaChannelState ch = ref _channels[channel];
        ch.LastTransferReachedTc = false;
        if (ch.Masked || (_command & DmaCommandRegister.ControllerDisable) != 0) return 0;
        if ((ch.Mode & DmaModeRegister.ModeMask) == DmaModeRegister.CascadeMode) return 0;
        var type = ch.Mode & DmaModeRegister.TransferTypeMask;
        bool toMemory = type == DmaModeRegister.WriteTransfer && direction == DmaDirection.ToMemory;
        bool fromMemory = type == DmaModeRegister.ReadTransfer && direction == DmaDirection.FromMemory;
        bool decrement = (ch.Mode & DmaModeRegister.AddressDecrement) != 0;
        uint page = (uint)ch.Page << 16;
        int done = 0;
        while (done < buffer.Length)
        {
            uint address = page | ch.CurrentAddress;
            if (toMemory) Memory.Write8(address, buffer[done]);
            else if (fromMemory) buffer[done] = Memory.Read8(address);
            done++;
            ch.CurrentAddress = (ushort)(decrement ? ch.CurrentAddress - 1 : ch.CurrentAddress + 1);
            ch.CurrentCount--;
            if (ch.CurrentCount == 0xFFFF)
            {
                ch.LastTransferReachedTc = true;
                ch.Request = false;
                _terminalCounts |= (byte)(1 << channel);
                if ((ch.Mode & DmaModeRegister.AutoInitialize) != 0)
                {
                    ch.CurrentAddress = ch.BaseAddress;
                    ch.CurrentCount = ch.BaseCount;
                }
                else
                {
                    ch.Masked = true;
                }
                break;
            }
        }
        return done;
    }

    public byte Read(ushort port)
    {
        if (port < 8)
        {
            ref DmaChannelState ch = ref _channels[port >> 1];
            ushort value = (port & 1) == 0 ? ch.CurrentAddress : ch.CurrentCount;
            bool high = _flipFlopHigh;
            _flipFlopHigh = !_flipFlopHigh;
            return (byte)(high ? value >> 8 : value);
        }
        switch (port)
        {
            case StatusCommandPort:
                int status = _terminalCounts;
                for (int i = 0; i < 4; i++)
                    if (_channels[i].Request) status |= 0x10 << i;
                _terminalCounts = 0; // reading the status clears the TC bits
                return (byte)status;
            case MasterClearPort:
                return 0; // temporary register (memory-to-memory only)
            case AllMasksPort:
                int masks = 0xF0;
                for (int i = 0; i < 4; i++)
                    if (_channels[i].Masked) masks |= 1 << i;
                return (byte)masks;
            case Channel0PagePort: return _channels[0].Page;
            case Channel1PagePort: return _channels[1].Page;
            case Channel2PagePort: return _channels[2].Page;
            case Channel3PagePort: return _channels[3].Page;
            default: return 0xFF;
        }
    }

    public void Write(ushort port, byte value)
    {
        if (port < 8)
        {
            ref DmaChannelState ch = ref _channels[port >> 1];
            bool high = _flipFlopHigh;
            _flipFlopHigh = !_flipFlopHigh;
            if ((port & 1) == 0)
            {
                ch.BaseAddress = high ? (ushort)(ch.BaseAddress & 0x00FF | value << 8) : (ushort)(ch.BaseAddress & 0xFF00 | value);
                ch.CurrentAddress = ch.BaseAddress;
            }
            else
            {
                ch.BaseCount = high ? (ushort)(ch.BaseCount & 0x00FF | value << 8) : (ushort)(ch.BaseCount & 0xFF00 | value);
                ch.CurrentCount = ch.BaseCount;
            }
            return;
        }
        switch (port)
        {
            case StatusCommandPort: _command = (DmaCommandRegister)value; break;
            case RequestPort: _channels[value & 3].Request = (value & 4) != 0; break;
            case SingleMaskPort: _channels[value & 3].Masked = (value & 4) != 0; break;
            case ModePort: _channels[value & 3].Mode = (DmaModeRegister)value; break;
            case ClearFlipFlopPort: _flipFlopHigh = false; break;
            case MasterClearPort: MasterClear(); break;
            case ClearMasksPort:
                for (int i = 0; i < 4; i++) _channels[i].Masked = false;
                break;
            case AllMasksPort:
                for (int i = 0; i < 4; i++) _channels[i].Masked = (value >> i & 1) != 0;
                break;
            case Channel0PagePort: _channels[0].Page = value; break;
            case Channel1PagePort: _channels[1].Page = value; break;
            case Channel2PagePort: _channels[2].Page = value; break;
            case Channel3PagePort: _channels[3].Page = value; break;
        }
    }
}
