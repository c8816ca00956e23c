namespace Concord.Devices.Bus;

/// <summary>
/// Board wiring: a chip whose device class decodes one machine's port numbers, placed by another
/// machine at other ports. A PC-98 puts its 8259A pair, 8237A and 8253 on the odd or even bytes of
/// the bus (the chip's A0 is the bus's A1), so the PIC's 20h/21h become 00h/02h there; this maps
/// each of the board's ports to the port the chip's class answers at, and forwards byte accesses.
/// </summary>
/// <remarks>
/// Map it with <see cref="MapOn"/> (each board port alone, since they are rarely contiguous). A
/// word access on the bus is split into two byte accesses as for any device, which is what a
/// PC-98 does with chips on alternate bytes.
/// </remarks>
public sealed class PortAlias : IPortDevice
{
    private readonly IPortDevice _device;
    private readonly Dictionary<ushort, ushort> _toDevice = [];

    /// <param name="device">The chip.</param>
    /// <param name="ports">Each board port and the chip-class port it reaches.</param>
    public PortAlias(IPortDevice device, params (ushort Board, ushort Device)[] ports)
    {
        _device = device;
        foreach (var (board, chip) in ports)
            if (!_toDevice.TryAdd(board, chip))
                throw new ArgumentException($"board port {board:X4}h is given twice", nameof(ports));
    }

    public IPortDevice Device => _device;

    public IEnumerable<ushort> BoardPorts => _toDevice.Keys;

    /// <summary>The chip-class port that board port <paramref name="board"/> reaches.</summary>
    public ushort DevicePort(ushort board) => _toDevice[board];

    public byte Read(ushort port) => _toDevice.TryGetValue(port, out ushort p) ? _device.Read(p) : (byte)0xFF;

    public void Write(ushort port, byte value)
    {
        if (_toDevice.TryGetValue(port, out ushort p)) _device.Write(p, value);
    }

    /// <summary>Maps every board port on <paramref name="bus"/>.</summary>
    public void MapOn(PortBus bus)
    {
        foreach (ushort board in _toDevice.Keys) bus.Map(board, 1, this);
    }
}
