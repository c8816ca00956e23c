namespace Concord.Devices.Bus;

/// <summary>
/// A device as the port bus sees it: byte reads and writes at a port inside the ranges it was
/// mapped at. Word accesses are split into two byte accesses (low port first) unless the device
/// also implements <see cref="IWordPortDevice"/>.
/// </summary>
public interface IPortDevice
{
    byte Read(ushort port);
    void Write(ushort port, byte value);
}

/// <summary>A device that takes 16-bit accesses whole (e.g. a FIFO or data port read a word at a time).</summary>
public interface IWordPortDevice : IPortDevice
{
    ushort ReadWord(ushort port);
    void WriteWord(ushort port, ushort value);
}
