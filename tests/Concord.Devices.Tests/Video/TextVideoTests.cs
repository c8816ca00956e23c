using Concord.Core.Memory;
using Concord.Devices.Video;

namespace Concord.Devices.Tests.Video;

public sealed class TextVideoTests : IDisposable
{
    private readonly FakeClock _clock = new();
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly TextVideo _video;

    public TextVideoTests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _video = new TextVideo(_map, _clock);
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    private void Put(int row, int column, string text, byte attribute = 0x07)
    {
        for (int i = 0; i < text.Length; i++)
        {
            uint address = (uint)(0xB8000 + (row * 80 + column + i) * 2);
            _map.Write8(address, (byte)text[i]);
            _map.Write8(address + 1, attribute);
        }
    }

    private void SetCrtc(CrtcRegister register, byte value)
    {
        _video.Write(0x3D4, (byte)register);
        _video.Write(0x3D5, value);
    }

    [Fact]
    public void Snapshot_reads_characters_and_attributes_from_memory()
    {
        Put(0, 0, "C:\\>dir", 0x1E);
        Put(24, 75, "end");
        var screen = _video.Snapshot();
        Assert.Equal("C:\\>dir", screen.Line(0));
        Assert.Equal(0x1E, screen.AttributeAt(0, 3));
        Assert.Equal((byte)'e', screen.CharacterAt(24, 75));
        Assert.EndsWith("end", screen.ToText());
        Assert.Equal(24, screen.ToText().Count(c => c == '\n'));
    }

    [Fact]
    public void Cursor_location_registers_place_the_cursor()
    {
        SetCrtc(CrtcRegister.CursorLocationHigh, 0x03);
        SetCrtc(CrtcRegister.CursorLocationLow, 0x25); // 805 = row 10, column 5
        var screen = _video.Snapshot();
        Assert.Equal(10, screen.CursorRow);
        Assert.Equal(5, screen.CursorColumn);
        Assert.True(screen.CursorVisible);
        _video.Write(0x3D4, 0x0F);
        Assert.Equal(0x25, _video.Read(0x3D5));
    }

    [Fact]
    public void Cursor_start_bit_5_hides_the_cursor()
    {
        SetCrtc(CrtcRegister.CursorStart, 0x20);
        Assert.False(_video.Snapshot().CursorVisible);
        SetCrtc(CrtcRegister.CursorStart, 0x0D);
        Assert.True(_video.Snapshot().CursorVisible);
    }

    [Fact]
    public void Start_address_moves_the_visible_window()
    {
        Put(1, 0, "second row");
        SetCrtc(CrtcRegister.StartAddressLow, 80);
        Assert.Equal("second row", _video.Snapshot().Line(0));
    }

    [Fact]
    public void Code_page_437_bytes_become_unicode()
    {
        _map.Write8(0xB8000, 0xC9);
        _map.Write8(0xB8002, 0xCD);
        _map.Write8(0xB8004, 0x01);
        _map.Write8(0xB8006, 0xE1);
        Assert.Equal("╔═☺ß", _video.Snapshot().Line(0));
        Assert.Equal('ü', Cp437.ToChar(0x81));
        Assert.True(Cp437.TryFromChar('░', out byte b));
        Assert.Equal(0xB0, b);
    }

    [Fact]
    public void Vertical_retrace_bit_is_set_on_lines_412_and_413_only()
    {
        _clock.NowNs = 411 * TextVideo.LineNs + 10;
        Assert.Equal(0, _video.Read(0x3DA) & 0x08);
        _clock.NowNs = 412 * TextVideo.LineNs + 10;
        Assert.Equal(0x08, _video.Read(0x3DA) & 0x08);
        _clock.NowNs = 414 * TextVideo.LineNs + 10;
        Assert.Equal(0, _video.Read(0x3DA) & 0x08);
        _clock.NowNs = TextVideo.LineNs * TextVideo.LinesPerFrame + 412 * TextVideo.LineNs;
        Assert.Equal(0x08, _video.Read(0x3DA) & 0x08);
    }

    [Fact]
    public void Display_disabled_bit_follows_horizontal_blanking()
    {
        _clock.NowNs = 100 * TextVideo.LineNs + 1000;
        Assert.Equal(0, _video.Read(0x3DA) & 0x01);
        _clock.NowNs = 100 * TextVideo.LineNs + TextVideo.VisibleLineNs + 1;
        Assert.Equal(1, _video.Read(0x3DA) & 0x01);
        _clock.NowNs = 420 * TextVideo.LineNs + 1000;
        Assert.Equal(1, _video.Read(0x3DA) & 0x01);
    }

    [Fact]
    public void Protect_bit_keeps_timing_registers()
    {
        SetCrtc(CrtcRegister.HorizontalTotal, 0x11);
        Assert.Equal(0x5F, _video.Crtc(CrtcRegister.HorizontalTotal));
        SetCrtc(CrtcRegister.VerticalRetraceEnd, 0x0E);
        SetCrtc(CrtcRegister.HorizontalTotal, 0x11);
        Assert.Equal(0x11, _video.Crtc(CrtcRegister.HorizontalTotal));
    }
}
