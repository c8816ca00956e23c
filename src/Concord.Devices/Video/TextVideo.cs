using Concord.Core.Memory;
using Concord.Devices.Bus;

namespace Concord.Devices.Video;

/// <summary>
/// Colour text display, 80x25 (VGA mode 3 as the BIOS leaves it): the CRT controller at 3D4h
/// (index) / 3D5h (data), the CGA mode and colour registers at 3D8h/3D9h (stored), and input
/// status 1 at 3DAh, whose retrace bits follow the clock (70 Hz frames of 449 lines of 31.778 us;
/// display disabled during horizontal and vertical blanking, vertical retrace on lines 412-413).
/// </summary>
/// <remarks>
/// The screen memory is ordinary memory in the VM's <see cref="MemoryMap"/> (at B8000h by default):
/// this device reads it only when asked for a <see cref="Snapshot"/>. The display starts at the CRTC
/// start address; the cursor comes from registers 0Ah/0Bh (shape, bit 5 of 0Ah hides it) and
/// 0Eh/0Fh (location). Registers 00h-07h are write-protected while bit 7 of 11h is set, as on a VGA.
/// Limitations: text mode only, no attribute controller, sequencer or fonts; the monochrome ports
/// 3B4h/3B5h/3BAh are not decoded.
/// </remarks>
public sealed class TextVideo : IPortDevice
{
    public const ushort CrtcIndexPort = 0x3D4;
    public const ushort CrtcDataPort = 0x3D5;
    public const ushort ModeControlPort = 0x3D8;
    public const ushort ColorSelectPort = 0x3D9;
    public const ushort InputStatus1Port = 0x3DA;
    public const uint ColorTextBase = 0xB8000;
    public const long LineNs = 31_778;
    public const int LinesPerFrame = 449;
    public const int VisibleLines = 400;
    public const long VisibleLineNs = 25_422;
    public const int VerticalRetraceFirstLine = 412;
    public const int VerticalRetraceLines = 2;

    // The CRTC values of VGA mode 3 (80x25, 9x16 cell, cursor on lines 13-14).
    private static ReadOnlySpan<byte> Mode3Registers =>
    [
        0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00,
        0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF,
    ];

    private readonly MemoryMap _memory;
    private readonly IClock _clock;
    private readonly byte[] _crtc = new byte[25];
    private byte _index;
    private byte _modeControl = 0x29;
    private byte _colorSelect;

    public TextVideo(MemoryMap memory, IClock clock, uint baseAddress = ColorTextBase, int columns = 80, int rows = 25)
    {
        _memory = memory;
        _clock = clock;
        BaseAddress = baseAddress;
        Columns = columns;
        Rows = rows;
        Mode3Registers.CopyTo(_crtc);
    }

    public uint BaseAddress { get; }
    public int Columns { get; }
    public int Rows { get; }

    public byte CrtcIndex => _index;

    public byte Crtc(CrtcRegister register) => _crtc[(int)register];

    /// <summary>The first character cell shown (CRTC 0Ch/0Dh), in cells from <see cref="BaseAddress"/>.</summary>
    public int StartAddress => _crtc[(int)CrtcRegister.StartAddressHigh] << 8 | _crtc[(int)CrtcRegister.StartAddressLow];

    /// <summary>The cursor's cell (CRTC 0Eh/0Fh), in cells from <see cref="BaseAddress"/>.</summary>
    public int CursorAddress => _crtc[(int)CrtcRegister.CursorLocationHigh] << 8 | _crtc[(int)CrtcRegister.CursorLocationLow];

    public bool CursorVisible
    {
        get
        {
            byte start = _crtc[(int)CrtcRegister.CursorStart];
            byte end = _crtc[(int)CrtcRegister.CursorEnd];
            return (start & 0x20) == 0 && (start & 0x1F) <= (end & 0x1F);
        }
    }

    public InputStatus1 Status
    {
        get
        {
            long inFrame = _clock.NowNs % (LineNs * LinesPerFrame);
            long line = inFrame / LineNs;
            long inLine = inFrame % LineNs;
            InputStatus1 status = 0;
            if (line >= VisibleLines || inLine >= VisibleLineNs) status |= InputStatus1.DisplayDisabled;
            if (line >= VerticalRetraceFirstLine && line < VerticalRetraceFirstLine + VerticalRetraceLines)
                status |= InputStatus1.VerticalRetrace;
            return status;
        }
    }

    public byte Read(ushort port) => port switch
    {
        CrtcIndexPort => _index,
        CrtcDataPort => _index < _crtc.Length ? _crtc[_index] : (byte)0xFF,
        ModeControlPort => _modeControl,
        ColorSelectPort => _colorSelect,
        InputStatus1Port => (byte)Status,
        _ => 0xFF,
    };

    public void Write(ushort port, byte value)
    {
        switch (port)
        {
            case CrtcIndexPort:
                _index = (byte)(value & 0x1F);
                break;
            case CrtcDataPort:
                if (_index >= _crtc.Length) break;
                bool protectedRegister = _index <= (int)CrtcRegister.Overflow && (_crtc[(int)CrtcRegister.VerticalRetraceEnd] & 0x80) != 0;
                if (!protectedRegister) _crtc[_index] = value;
                else if (_index == (int)CrtcRegister.Overflow) _crtc[_index] = (byte)(_crtc[_index] & ~0x10 | value & 0x10);
                break;
            case ModeControlPort: _modeControl = value; break;
            case ColorSelectPort: _colorSelect = value; break;
        }
    }

    /// <summary>Copies the visible screen and the cursor out of memory.</summary>
    public TextScreen Snapshot()
    {
        int cells = Columns * Rows;
        var characters = new byte[cells];
        var attributes = new byte[cells];
        int start = StartAddress;
        for (int i = 0; i < cells; i++)
        {
            uint address = BaseAddress + (uint)(((start + i) * 2) & 0x7FFF);
            characters[i] = _memory.Read8(address);
            attributes[i] = _memory.Read8(address + 1);
        }
        int cursor = CursorAddress - start;
        bool onScreen = cursor >= 0 && cursor < cells;
        return new TextScreen(Columns, Rows, characters, attributes,
            onScreen ? cursor / Columns : -1, onScreen ? cursor % Columns : -1, CursorVisible && onScreen);
    }
}
