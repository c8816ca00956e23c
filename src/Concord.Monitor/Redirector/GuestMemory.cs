using System.Text;
using Concord.Core.Memory;
using Concord.Devices.Video;

namespace Concord.Monitor.Redirector;

/// <summary>A VM's memory as the redirector reads and writes DOS's structures in it: little-endian words, far pointers, ASCIIZ names in code page 437.</summary>
internal readonly struct GuestMemory(MemoryMap map)
{
    /// <summary>The linear address of <paramref name="segment"/>:<paramref name="offset"/> (above 1 MiB with A20 on, as the HMA).</summary>
    public static uint Linear(ushort segment, ushort offset) => ((uint)segment << 4) + offset;

    public byte Byte(uint address) => map.Read8(address);

    public ushort Word(uint address) => (ushort)(map.Read8(address) | map.Read8(address + 1) << 8);

    public uint Dword(uint address) => Word(address) | (uint)Word(address + 2) << 16;

    /// <summary>The far pointer stored at <paramref name="address"/>, as a linear address.</summary>
    public uint FarPointer(uint address) => Linear(Word(address + 2), Word(address));

    public void SetByte(uint address, byte value) => map.Write8(address, value);

    public void SetWord(uint address, ushort value)
    {
        map.Write8(address, (byte)value);
        map.Write8(address + 1, (byte)(value >> 8));
    }

    public void SetDword(uint address, uint value)
    {
        SetWord(address, (ushort)value);
        SetWord(address + 2, (ushort)(value >> 16));
    }

    public void Read(uint address, Span<byte> into)
    {
        for (int i = 0; i < into.Length; i++) into[i] = map.Read8(address + (uint)i);
    }

    public void Write(uint address, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++) map.Write8(address + (uint)i, bytes[i]);
    }

    /// <summary>The ASCIIZ string at <paramref name="address"/> (at most <paramref name="most"/> bytes), each byte its CP437 character.</summary>
    public string AsciiZ(uint address, int most)
    {
        var text = new StringBuilder();
        for (int i = 0; i < most; i++)
        {
            byte b = map.Read8(address + (uint)i);
            if (b == 0) break;
            text.Append(Cp437.ToChar(b));
        }
        return text.ToString();
    }
}
