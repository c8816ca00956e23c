using System.Runtime.InteropServices;

namespace Concord.Devices.Dma;

/// <summary>One 8237 channel as plain data.</summary>
[StructLayout(LayoutKind.Auto)]
public struct DmaChannelState
{
    public ushort BaseAddress;
    public ushort BaseCount;
    public ushort CurrentAddress;
    /// <summary>Bytes left minus one: the channel reaches terminal count when it rolls from 0 to FFFFh.</summary>
    public ushort CurrentCount;
    public DmaModeRegister Mode;
    /// <summary>The page register: address bits 16-23.</summary>
    public byte Page;
    public bool Masked;
    /// <summary>A software request (request register, 09h).</summary>
    public bool Request;
    /// <summary>Terminal count reached during the last transfer.</summary>
    public bool LastTransferReachedTc;
}
