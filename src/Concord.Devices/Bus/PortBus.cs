using Concord.Core.Io;

namespace Concord.Devices.Bus;

/// <summary>
/// Maps port ranges to devices and implements the CPU's <see cref="IPortBus"/>. Overlapping ranges
/// are refused. Unmapped ports read FFh and drop writes; both are counted.
/// </summary>
public sealed class PortBus : IPortBus
{
    private readonly IPortDevice?[] _devices = new IPortDevice?[0x10000];

    public long UnmappedReads { get; private set; }
    public long UnmappedWrites { get; private set; }

    /// <summary>Maps ports <paramref name="first"/> .. <paramref name="first"/>+<paramref name="count"/>-1 to <paramref name="device"/>.</summary>
    public void Map(ushort first, int count, IPortDevice device)
    {
        if (count <= 0 || first + count > 0x10000)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"ports {first:X4}h+{count} must lie within 0000h-FFFFh");
        for (int p = first; p < first + count; p++)
            if (_devices[p] is { } other)
                throw new InvalidOperationException($"port {p:X4}h is already mapped to {other.GetType().Name}; cannot map {device.GetType().Name} over it");
        for (int p = first; p < first + count; p++) _devices[p] = device;
    }

    public IPortDevice? DeviceAt(ushort port) => _devices[port];

    public byte In8(ushort port)
    {
        if (_devices[port] is { } d) return d.Read(port);
        UnmappedReads++;
        return 0xFF;
    }

    public void Out8(ushort port, byte value)
    {
        if (_devices[port] is { } d) d.Write(port, value);
        else UnmappedWrites++;
    }

    public ushort In16(ushort port)
    {
        if (_devices[port] is IWordPortDevice w) return w.ReadWord(port);
        byte lo = In8(port);
        return (ushort)(lo | In8((ushort)(port + 1)) << 8);
    }

    public void Out16(ushort port, ushort value)
    {
        if (_devices[port] is IWordPortDevice w) { w.WriteWord(port, value); return; }
        Out8(port, (byte)value);
        Out8((ushort)(port + 1), (byte)(value >> 8));
    }
}
