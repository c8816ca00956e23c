using Concord.Core.Memory;
using Concord.Devices.Video;

namespace Concord.Devices.Tests.Video;

public sealed class Pc98TextVideoTests : IDisposable
{
    private const byte White = 0xE1; // GRB = 111, visible

    private readonly FakeClock _clock = new();
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly Pc98TextVideo _video;

    public Pc98TextVideoTests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _video = new Pc98TextVideo(_map, _clock);
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    private void Put(int row, int column, string text, byte attribute = White)
    {
        for (int i = 0; i < text.Length; i++)
        {
            uint offset = (uint)((row * 80 + column + i) * 2);
            _map.Write8(0xA0000 + offset, (byte)text[i]);
            _map.Write8(0xA0000 + offset + 1, 0);
            _map.Write8(0xA2000 + offset, attribute);
        }
    }

    private void Command(byte command, params byte[] parameters)
    {
        _video.Write(Pc98TextVideo.CommandDataPort, command);
        foreach (byte p in parameters) _video.Write(Pc98TextVideo.StatusParameterPort, p);
    }

    [Fact]
    public void Characters_are_words_at_A0000_and_attributes_at_A2000()
    {
        Put(0, 0, "A:\\>");
        Put(24, 75, "end");
        TextScreen screen = _video.Snapshot();
        Assert.Equal("A:\\>", screen.Line(0));
        Assert.Equal("end", screen.Line(24).Trim());
        Assert.Equal(75, screen.Line(24).IndexOf('e'));
        Assert.Equal(0x07, screen.AttributeAt(0, 0));
    }

    [Fact]
    public void Cleared_memory_is_a_blank_screen()
    {
        Assert.Equal(string.Join('\n', Enumerable.Repeat("", 25)), _video.Snapshot().ToText());
    }

    [Fact]
    public void A_cell_without_the_secret_bit_is_hidden()
    {
        Put(3, 0, "secret", 0xE0);
        Put(4, 0, "shown", White);
        TextScreen screen = _video.Snapshot();
        Assert.Equal("", screen.Line(3));
        Assert.Equal("shown", screen.Line(4));
    }

    [Fact]
    public void A_double_byte_code_and_katakana_show_as_a_block()
    {
        Put(0, 0, "x");
        _map.Write8(0xA0001, 0x24); // a kanji half: nonzero high byte
        _map.Write8(0xA0002, 0xB1); // half-width katakana A
        _map.Write8(0xA2002, White);
        TextScreen screen = _video.Snapshot();
        Assert.Equal(Pc98TextVideo.UnshownCharacter, screen.CharacterAt(0, 0));
        Assert.Equal(Pc98TextVideo.UnshownCharacter, screen.CharacterAt(0, 1));
        Assert.Equal(0x0024 << 8 | 'x', _video.CodeOf(0));
    }

    [Theory]
    [InlineData(0xE1, 0x07)] // white
    [InlineData(0x21, 0x09)] // blue
    [InlineData(0x41, 0x0C)] // red
    [InlineData(0x81, 0x0A)] // green
    [InlineData(0xC1, 0x0E)] // yellow
    [InlineData(0xE5, 0x70)] // white, reversed
    [InlineData(0x85, 0x20)] // green, reversed
    [InlineData(0xE3, 0x87)] // white, blinking
    [InlineData(0xE9, 0x07)] // underline is not shown
    public void Attributes_map_to_screen_colours(byte pc98, byte shown)
    {
        Assert.Equal(shown, Pc98TextVideo.ToIbmAttribute((Pc98Attribute)pc98));
    }

    [Fact]
    public void Colour_is_the_GRB_number_in_bits_5_to_7()
    {
        Assert.Equal(6, Pc98TextVideo.ColorOf(Pc98Attribute.Green | Pc98Attribute.Red | Pc98Attribute.Visible));
        Assert.Equal(1, Pc98TextVideo.ColorOf(Pc98Attribute.Blue));
    }

    [Fact]
    public void Csrw_sets_the_cursor_cell()
    {
        Command(0x49, 0x2A, 0x01, 0x00); // cell 12Ah = row 3, column 58
        TextScreen screen = _video.Snapshot();
        Assert.Equal(0x12A, _video.CursorAddress);
        Assert.Equal(3, screen.CursorRow);
        Assert.Equal(58, screen.CursorColumn);
        Assert.True(screen.CursorVisible);
    }

    [Fact]
    public void Csrw_takes_each_parameter_as_it_comes()
    {
        Command(0x49, 0x10, 0x02, 0x00);
        Command(0x49, 0x05);
        Assert.Equal(0x205, _video.CursorAddress);
    }

    [Fact]
    public void Csrform_hides_and_shapes_the_cursor()
    {
        Command(0x4B, 0x0F, 0x2C, 0x0F << 3); // DC = 0: hidden
        Assert.False(_video.CursorVisible);
        Assert.False(_video.Snapshot().CursorVisible);
        Command(0x4B, 0x8F, 0x2C, 0x0F << 3);
        Assert.True(_video.CursorVisible);
        Assert.Equal(12, _video.CursorTopLine);
        Assert.Equal(15, _video.CursorBottomLine);
        Assert.False(_video.CursorBlinks);
    }

    [Fact]
    public void Csrr_puts_the_cursor_address_in_the_fifo()
    {
        Command(0x49, 0x34, 0x12, 0x01);
        Assert.Equal(0, (byte)_video.Status & (byte)GdcStatus.DataReady);
        Command(0xE0);
        Assert.True(_video.Status.HasFlag(GdcStatus.DataReady));
        byte[] read = Enumerable.Range(0, 5).Select(_ => _video.Read(Pc98TextVideo.CommandDataPort)).ToArray();
        Assert.Equal(new byte[] { 0x34, 0x12, 0x01, 0x00, 0x00 }, read);
        Assert.False(_video.Status.HasFlag(GdcStatus.DataReady));
        Assert.Equal(0xFF, _video.Read(Pc98TextVideo.CommandDataPort));
    }

    [Fact]
    public void Stop_blanks_the_screen_and_start_shows_it_again()
    {
        Put(0, 0, "hello");
        Command(0x0C);
        Assert.False(_video.DisplayEnabled);
        TextScreen off = _video.Snapshot();
        Assert.DoesNotContain("hello", off.ToText());
        Assert.False(off.CursorVisible);
        Command(0x0D);
        Assert.Contains("hello", _video.Snapshot().ToText());
    }

    [Fact]
    public void Reset_stops_the_display_and_ignores_its_sync_parameters()
    {
        Command(0x00, 0x10, 0x4E, 0x07, 0x25, 0x07, 0x07, 0x90, 0x65);
        Assert.False(_video.DisplayEnabled);
        Assert.Equal(0, _video.CursorAddress);
        Command(0x0F, 0x10, 0x4E, 0x07, 0x25, 0x07, 0x07, 0x90, 0x65);
        Assert.True(_video.DisplayEnabled);
    }

    [Fact]
    public void Pram_start_address_scrolls_the_display()
    {
        Put(1, 0, "second row");
        Command(0x70, 80, 0x00, 0x00, 0x00);
        Assert.Equal(80, _video.StartAddress);
        TextScreen screen = _video.Snapshot();
        Assert.Equal("second row", screen.Line(0));
        Command(0x49, 80, 0, 0);
        Assert.Equal(0, _video.Snapshot().CursorRow);
    }

    [Fact]
    public void The_planes_wrap_at_4096_cells()
    {
        Command(0x70, 0x00, 0x10, 0x00); // start at cell 4096: the same as cell 0
        Put(0, 0, "wrap");
        Assert.Equal("wrap", _video.Snapshot().Line(0));
    }

    [Fact]
    public void Unknown_commands_and_their_parameters_are_ignored()
    {
        Command(0x49, 0x07, 0x00, 0x00);
        Command(0x6F, 0x55, 0x66); // VECTW: not decoded
        Assert.Equal(7, _video.CursorAddress);
        Assert.Null(_video.PendingCommand);
    }

    [Fact]
    public void Vertical_sync_follows_the_clock()
    {
        _clock.NowNs = 0;
        Assert.Equal(GdcStatus.FifoEmpty, _video.Status);
        _clock.NowNs = Pc98TextVideo.LineNs * 410;
        Assert.Equal(GdcStatus.FifoEmpty | GdcStatus.VerticalSync | GdcStatus.HorizontalBlank, _video.Status);
        _clock.NowNs = Pc98TextVideo.LineNs * 10 + Pc98TextVideo.VisibleLineNs;
        Assert.Equal(GdcStatus.FifoEmpty | GdcStatus.HorizontalBlank, _video.Status);
        _clock.NowNs = Pc98TextVideo.LineNs * Pc98TextVideo.LinesPerFrame;
        Assert.Equal(GdcStatus.FifoEmpty, _video.Status);
    }

    [Fact]
    public void Reading_the_status_port_gives_the_status()
    {
        Assert.Equal((byte)GdcStatus.FifoEmpty, _video.Read(Pc98TextVideo.StatusParameterPort));
        Assert.Equal(0xFF, _video.Read(0xE1));
    }
}
