using Concord.Devices.Bus;
using Concord.Devices.Debug;

namespace Concord.Cli.Tests.Devices;

public sealed class DebugConsoleTests
{
    [Fact]
    public void Bytes_written_reach_the_stream_unchanged()
    {
        using var sink = new MemoryStream();
        var console = new DebugConsole(sink);

        foreach (byte b in new byte[] { 0x00, (byte)'A', 0x0A, 0x80, 0xFF }) console.Write(DebugConsole.Port, b);
        console.Flush();

        Assert.Equal(new byte[] { 0x00, (byte)'A', 0x0A, 0x80, 0xFF }, sink.ToArray());
        Assert.Equal(5, console.BytesWritten);
    }

    [Fact]
    public void A_text_writer_sink_gets_one_latin1_character_per_byte()
    {
        var sink = new StringWriter();
        var console = new DebugConsole(sink);

        console.Write(DebugConsole.Port, (byte)'h');
        console.Write(DebugConsole.Port, 0xE9);

        Assert.Equal("h\u00E9", sink.ToString());
    }

    [Fact]
    public void Read_returns_E9h_so_guests_can_detect_the_port()
    {
        var console = new DebugConsole(Stream.Null);

        Assert.Equal(0xE9, console.Read(DebugConsole.Port));
    }

    [Fact]
    public void Word_write_through_the_bus_prints_the_low_byte_then_the_high_byte()
    {
        using var sink = new MemoryStream();
        var bus = new PortBus();
        bus.Map(DebugConsole.Port, 1, new DebugConsole(sink));
        bus.Map(DebugConsole.Port + 1, 1, new DebugConsole(sink)); // as if a second console sat at EAh

        bus.Out16(DebugConsole.Port, 0x6968); // 'h', 'i'

        Assert.Equal("hi"u8.ToArray(), sink.ToArray());
    }

    [Fact]
    public void A_read_only_stream_is_refused()
    {
        using var readOnly = new MemoryStream([], writable: false);

        Assert.Throws<ArgumentException>(() => new DebugConsole(readOnly));
    }
}
