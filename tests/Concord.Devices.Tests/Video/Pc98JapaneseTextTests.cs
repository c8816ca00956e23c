using Concord.Core.Memory;
using Concord.Devices.Video;

namespace Concord.Devices.Tests.Video;

/// <summary>JIS X 0208 and half-width katakana in the PC-98 text VRAM, shown as Unicode.</summary>
public sealed class Pc98JapaneseTextTests : IDisposable
{
    private const byte White = 0xE1;

    private readonly FakeClock _clock = new();
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly Pc98TextVideo _video;

    public Pc98JapaneseTextTests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _video = new Pc98TextVideo(_map, _clock, Pc98TextVideo.StatusParameterPort, Pc98TextVideo.CommandDataPort);
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    private void Cell(int cell, ushort code, byte attribute = White)
    {
        _map.Write8(0xA0000 + (uint)cell * 2, (byte)code);
        _map.Write8(0xA0001 + (uint)cell * 2, (byte)(code >> 8));
        _map.Write8(0xA2000 + (uint)cell * 2, attribute);
    }

    // A kanji as PC-98 software writes it: JIS row - 20h in the low byte, the column in the
    // high byte, the right half the same with bit 7 of the low byte set.
    private void Kanji(int cell, int jis, byte attribute = White)
    {
        Cell(cell, (ushort)((jis & 0xFF) << 8 | (jis >> 8) - 0x20), attribute);
        Cell(cell + 1, (ushort)((jis & 0xFF) << 8 | ((jis >> 8) - 0x20 | 0x80)), attribute);
    }

    [Theory]
    [InlineData(0x3441, '漢')]
    [InlineData(0x3B7A, '字')]
    [InlineData(0x2422, 'あ')]
    [InlineData(0x2D21, '①')]     // NEC's row 13
    [InlineData(0x2121, '\u3000')]
    public void A_kanji_takes_two_cells_and_reads_as_its_unicode_character(int jis, char expected)
    {
        Kanji(0, jis);
        TextScreen screen = _video.Snapshot();

        Assert.Equal(expected, screen.TextAt(0, 0));
        Assert.Equal(TextScreen.WideContinuation, screen.TextAt(0, 1));
        Assert.Equal(expected.ToString().TrimEnd('\u3000'), screen.Line(0).TrimEnd('\u3000'));
    }

    [Fact]
    public void A_line_of_kanji_and_ascii_reads_in_order()
    {
        Cell(0, 'A');
        Kanji(1, 0x3441);
        Kanji(3, 0x3B7A);
        Cell(5, 'B');
        Assert.Equal("A漢字B", _video.Snapshot().Line(0));
    }

    [Fact]
    public void Half_width_katakana_are_single_cells()
    {
        Cell(0, 0xB1); // ｱ
        Cell(1, 0xDD); // ﾝ
        Cell(2, 0xA1); // ｡
        Assert.Equal("ｱﾝ｡", _video.Snapshot().Line(0));
    }

    [Fact]
    public void A_kanji_in_the_last_column_has_no_room_for_its_right_half_and_stays_one_cell()
    {
        Kanji(79, 0x3441);
        TextScreen screen = _video.Snapshot();
        Assert.Equal('漢', screen.TextAt(0, 79));
        Assert.NotEqual(TextScreen.WideContinuation, screen.TextAt(1, 0));
    }

    [Fact]
    public void Underline_is_a_style_and_reverse_a_swap_of_colours()
    {
        Kanji(0, 0x3441, White | 0x08);           // underline
        Cell(2, 'x', White | 0x04);                // reverse
        TextScreen screen = _video.Snapshot();
        Assert.Equal(TextStyle.Underline, screen.StyleAt(0, 0));
        Assert.Equal(TextStyle.Underline, screen.StyleAt(0, 1));
        Assert.Equal(0x70, screen.AttributeAt(0, 2)); // light grey background, black text
    }

    [Fact]
    public void A_secret_cell_shows_blank_even_for_a_kanji()
    {
        Kanji(0, 0x3441, 0xE0);                    // white but not shown
        Assert.Equal("", _video.Snapshot().Line(0));
    }

    [Fact]
    public void Codes_of_no_table_show_as_a_square()
    {
        Cell(0, 0x01);                             // a PC-98 graphic character
        Cell(1, 0x2109);                           // the half-width row 09h (JIS row 29h)
        Assert.Equal("■■", _video.Snapshot().Line(0));
    }

    [Fact]
    public void The_table_maps_every_jis_x_0208_kanji_row()
    {
        // Rows 16-47 (level 1 kanji) are full: no code of them falls back to the square.
        for (int row = 0x30; row <= 0x4E; row++)
            for (int column = 0x21; column <= 0x7E; column++)
                Assert.NotEqual(JisX0208.Unmapped, JisX0208.ToChar(row, column));
        Assert.Equal(JisX0208.Unmapped, JisX0208.ToChar(0x20, 0x21));
    }

    [Fact]
    public void The_pc98_ports_are_60h_and_62h()
    {
        _video.Write(Pc98TextVideo.CommandDataPort, (byte)GdcCommand.CursorWrite);
        _video.Write(Pc98TextVideo.StatusParameterPort, 0x50);
        _video.Write(Pc98TextVideo.StatusParameterPort, 0x00);
        _video.Write(Pc98TextVideo.StatusParameterPort, 0x00);
        Assert.Equal(80, _video.CursorAddress);
        Assert.Equal(0xFF, _video.Read(0xE0)); // the old nx machine's port answers no more
    }
}
