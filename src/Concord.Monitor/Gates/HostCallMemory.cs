using Concord.Core.Memory;

namespace Concord.Monitor.Gates;

/// <summary>
/// What a <see cref="HostCall"/> may use of its VM: its memory, and the monitor's scratch area in
/// the context page (<see cref="Segment"/>:<see cref="Offset"/>, <see cref="Bytes"/>) for the data its
/// calls point at.
/// </summary>
public sealed class HostCallMemory
{
    private readonly DosPartner _dos;

    internal HostCallMemory(DosPartner dos, MemoryMap map, uint addressMask)
    {
        _dos = dos;
        Map = map;
        AddressMask = addressMask;
    }

    /// <summary>The VM's memory map (to read what the DOS keeps: an environment, a PSP).</summary>
    public MemoryMap Map { get; }

    public uint AddressMask { get; }

    /// <summary>The scratch area's segment (the context page's).</summary>
    public ushort Segment => _dos.Segment;

    /// <summary>The scratch area's offset in <see cref="Segment"/>.</summary>
    public ushort Offset => DosPartner.ScratchOffset;

    /// <summary>The scratch area (<see cref="DosPartner.ScratchBytes"/> bytes).</summary>
    public Span<byte> Bytes => _dos.Scratch;

    /// <summary>The DOS's version, as it answered AH=30h.</summary>
    public (int Major, int Minor) Version => (_dos.Major, _dos.Minor);

    public byte Read8(uint linear) => Map.Read8(linear & AddressMask);

    public ushort Read16(uint linear) => (ushort)(Read8(linear) | Read8(linear + 1) << 8);
}
