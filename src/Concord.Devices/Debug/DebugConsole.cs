using Concord.Devices.Bus;

namespace Concord.Devices.Debug;

/// <summary>
/// The debug console at port <see cref="Port"/> (E9h), as in Bochs' <c>port_e9_hack</c> and QEMU's
/// <c>isa-debugcon</c>: every byte the guest writes goes unchanged to the sink given at construction;
/// a read returns E9h, which is how a guest detects that the port exists.
/// </summary>
/// <remarks>
/// No IRQ, no DMA, no flow control: the guest never waits. Bytes are passed on as they are (no
/// character set, no newline translation); a <see cref="TextWriter"/> sink receives each byte as the
/// character with the same code (Latin-1). Output is buffered by the sink: call <see cref="Flush"/>
/// when the machine pauses or stops. A word write is two byte writes, low byte first (the bus
/// splits it), so <c>out 0E9h, ax</c> prints AL then AH.
/// </remarks>
public sealed class DebugConsole : IPortDevice
{
    /// <summary>The port the PC debug console traditionally sits at.</summary>
    public const ushort Port = 0xE9;

    /// <summary>What a read of the port returns: E9h, the Bochs/QEMU presence check.</summary>
    public const byte ReadbackValue = 0xE9;

    private readonly Stream? _stream;
    private readonly TextWriter? _writer;

    /// <summary>A console that writes the guest's bytes unchanged to <paramref name="sink"/>.</summary>
    public DebugConsole(Stream sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!sink.CanWrite) throw new ArgumentException("the debug console's sink must be writable", nameof(sink));
        _stream = sink;
    }

    /// <summary>A console that writes each of the guest's bytes to <paramref name="sink"/> as one Latin-1 character.</summary>
    public DebugConsole(TextWriter sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _writer = sink;
    }

    /// <summary>Bytes the guest has written since the device was made.</summary>
    public long BytesWritten { get; private set; }

    public byte Read(ushort port) => ReadbackValue;

    public void Write(ushort port, byte value)
    {
        BytesWritten++;
        if (_stream is not null) _stream.WriteByte(value);
        else _writer!.Write((char)value);
    }

    /// <summary>Pushes buffered output to the sink's destination.</summary>
    public void Flush()
    {
        if (_stream is not null) _stream.Flush();
        else _writer!.Flush();
    }

    public override string ToString() => $"debug console at {Port:X2}h ({BytesWritten} bytes written)";
}
