using Concord.Core.Memory;
using Concord.Devices.Bus;

namespace Concord.Devices.Video;

/// <summary>
/// Text display in the PC-98 layout, 80x25, driven through the text GDC (uPD7220) at ports 60h
/// (read: status, write: parameter) and 62h (read: FIFO data, write: command), as on a PC-98;
/// other ports may be given. No interrupt or DMA lines.
/// </summary>
/// <remarks>
/// <para><b>Memory.</b> Text VRAM is ordinary memory of the VM's <see cref="MemoryMap"/>, read only
/// for a <see cref="Snapshot"/>: cell n's character code is the word at A0000h + 2n, its attribute
/// the low byte of the word at A2000h + 2n (<see cref="Pc98Attribute"/>). Each plane is 8 KiB (4096
/// cells) and wraps. A word whose high byte is 0 is a single-byte JIS X 0201 character (its low
/// byte). Otherwise it is a JIS X 0208 character: row (low byte bits 0-6) + 20h, column (high byte
/// bits 0-6); rows 09h-0Bh are the character generator's half-width rows, every other row is double
/// width and takes the next cell too, whatever that cell holds (software writes the same code there
/// with bit 7 of the low byte set).</para>
/// <para><b>GDC.</b> Decoded commands: RESET (00h), display STOP/START (0Ch/0Dh), SYNC (0Eh/0Fh,
/// parameters ignored; bit 0 switches the display), ZOOM (46h) and PITCH (47h) (parameters
/// ignored), CSRW (49h: the cursor's word address, 3 parameters, bits 0-7, 8-15, 16-17), CSRFORM
/// (4Bh: P1 bit 7 = cursor shown, bits 0-4 = lines per row - 1; P2 bits 0-4 = top line, bit 5 =
/// steady; P3 bits 3-7 = bottom line), PRAM write (70h-7Fh: from byte n; bytes 0-2 are the first
/// display area's start address, in cells) and CSRR (E0h: the FIFO gets the cursor address, 3
/// bytes, then the dot address, 2 zero bytes). Other commands are ignored with their parameters.
/// The status register's vertical sync and blanking bits follow the clock (frames of 440 lines of
/// 40.3 us, 56.4 Hz; lines 400-439 blank, vertical sync on lines 408-415); the FIFO is always empty
/// for writes.</para>
/// <para><b>Snapshot.</b> As Unicode (<see cref="TextScreen.Text"/>): ASCII 20h-7Eh as itself (5Ch as
/// a backslash, where a PC-98 draws a yen sign, so that prompts read the same on both profiles),
/// A1h-DFh as half-width katakana (U+FF61-U+FF9F), kanji through <see cref="JisX0208"/> (one
/// character over two cells), 00h as a blank, every other code (the PC-98's graphic characters, the
/// half-width rows 09h-0Bh, user-defined characters) as ■. The CP437 bytes
/// (<see cref="TextScreen.Characters"/>) keep ASCII and show everything else as FEh (■).
/// Attributes become CP437-screen attributes: the GRB colour as the foreground (white as light grey
/// 07h, other colours bright, black as black), reverse swaps it into the background, blink sets bit 7,
/// underline and the vertical line go to <see cref="TextScreen.Styles"/>, and a cell without the
/// "secret" (visible) bit shows a blank. A double-width character shows with its left cell's
/// attribute. While the display is stopped the snapshot is blank and has no cursor.</para>
/// <para>Limitations: one display area, 80 columns, no character generator access, no graphics
/// GDC, no 20-line or 30-line modes, no simple-graphics mode, no light pen, no drawing or DMA.</para>
/// </remarks>
public sealed class Pc98TextVideo : IPortDevice
{
    /// <summary>Where the PC-98 has the text GDC's status / parameter port.</summary>
    public const ushort StatusParameterPort = 0x60;
    /// <summary>Where the PC-98 has the text GDC's FIFO / command port.</summary>
    public const ushort CommandDataPort = 0x62;
    public const uint TextBase = 0xA0000;
    public const uint AttributeOffset = 0x2000;
    /// <summary>The text VRAM the machine must map at <see cref="TextBase"/>: characters, attributes (8 KiB each).</summary>
    public const int TextMemorySize = 0x4000;
    public const int Columns = 80;
    public const int Rows = 25;
    public const long LineNs = 40_300;
    public const int LinesPerFrame = 440;
    public const int VisibleLines = 400;
    public const long VisibleLineNs = 32_000;
    public const int VerticalSyncFirstLine = 408;
    public const int VerticalSyncLines = 8;

    /// <summary>The CP437 code shown for characters that CP437 has no glyph for.</summary>
    public const byte UnshownCharacter = 0xFE;

    private const int PlaneCellMask = 0x0FFF;
    private const int FifoCapacity = 16;

    // IBM colour (CP437 screens) for each GRB colour number: black, blue, red, magenta, green, cyan, yellow, white.
    private static ReadOnlySpan<byte> IbmColors => [0x00, 0x09, 0x0C, 0x0D, 0x0A, 0x0B, 0x0E, 0x07];

    private readonly MemoryMap _memory;
    private readonly IClock _clock;
    private readonly byte[] _form = [0x8F, 0x0E, 0x0F << 3];
    private readonly byte[] _pram = new byte[16];
    private readonly Queue<byte> _fifo = new(FifoCapacity);
    private GdcCommand? _command;
    private int _parameterIndex;
    private int _pramStart;
    private int _cursorAddress;

    public Pc98TextVideo(MemoryMap memory, IClock clock, ushort statusPort = StatusParameterPort, ushort commandPort = CommandDataPort)
    {
        _memory = memory;
        _clock = clock;
        StatusPort = statusPort;
        CommandPort = commandPort;
    }

    /// <summary>The status (read) / parameter (write) port.</summary>
    public ushort StatusPort { get; }

    /// <summary>The FIFO (read) / command (write) port.</summary>
    public ushort CommandPort { get; }

    /// <summary>The display runs (START, or SYNC with DE = 1); on at power-on.</summary>
    public bool DisplayEnabled { get; private set; } = true;

    /// <summary>The cursor's word address (CSRW), in cells from <see cref="TextBase"/>.</summary>
    public int CursorAddress => _cursorAddress;

    /// <summary>The first cell shown (PRAM bytes 0-2), in cells from <see cref="TextBase"/>.</summary>
    public int StartAddress => _pram[0] | _pram[1] << 8 | (_pram[2] & 0x03) << 16;

    /// <summary>CSRFORM P1 bit 7, with a top line not below the bottom line.</summary>
    public bool CursorVisible => (_form[0] & 0x80) != 0 && CursorTopLine <= CursorBottomLine;

    public int CursorTopLine => _form[1] & 0x1F;

    public int CursorBottomLine => _form[2] >> 3;

    public bool CursorBlinks => (_form[1] & 0x20) == 0;

    /// <summary>The command whose parameters the parameter port now takes, or null.</summary>
    public GdcCommand? PendingCommand => _command;

    public GdcStatus Status
    {
        get
        {
            GdcStatus status = GdcStatus.FifoEmpty | SyncStatus(_clock.NowNs);
            if (_fifo.Count > 0) status |= GdcStatus.DataReady;
            return status;
        }
    }

    /// <summary>The blanking and vertical sync bits at <paramref name="nowNs"/> (both GDCs of a PC-98 run in step).</summary>
    public static GdcStatus SyncStatus(long nowNs)
    {
        GdcStatus status = 0;
        long inFrame = nowNs % (LineNs * LinesPerFrame);
        long line = inFrame / LineNs;
        if (line >= VisibleLines || inFrame % LineNs >= VisibleLineNs) status |= GdcStatus.HorizontalBlank;
        if (line >= VerticalSyncFirstLine && line < VerticalSyncFirstLine + VerticalSyncLines) status |= GdcStatus.VerticalSync;
        return status;
    }

    public byte Read(ushort port)
    {
        if (port == StatusPort) return (byte)Status;
        if (port == CommandPort) return _fifo.TryDequeue(out byte b) ? b : (byte)0xFF;
        return 0xFF;
    }

    public void Write(ushort port, byte value)
    {
        if (port == CommandPort) Command(value);
        else if (port == StatusPort) Parameter(value);
    }

    private void Command(byte value)
    {
        _parameterIndex = 0;
        _command = null;
        if (value is >= 0x70 and <= 0x7F)
        {
            _command = GdcCommand.ParameterRamWrite;
            _pramStart = value & 0x0F;
            return;
        }
        switch ((GdcCommand)value)
        {
            case GdcCommand.Reset:
                DisplayEnabled = false;
                _fifo.Clear();
                _command = GdcCommand.Reset;
                break;
            case GdcCommand.Stop: DisplayEnabled = false; break;
            case GdcCommand.Start: DisplayEnabled = true; break;
            case GdcCommand.SyncDisplayOff:
            case GdcCommand.SyncDisplayOn:
                DisplayEnabled = (value & 1) != 0;
                _command = (GdcCommand)value;
                break;
            case GdcCommand.CursorRead:
                _fifo.Clear();
                _fifo.Enqueue((byte)_cursorAddress);
                _fifo.Enqueue((byte)(_cursorAddress >> 8));
                _fifo.Enqueue((byte)(_cursorAddress >> 16));
                _fifo.Enqueue(0);
                _fifo.Enqueue(0);
                break;
            case GdcCommand.Zoom:
            case GdcCommand.Pitch:
            case GdcCommand.CursorWrite:
            case GdcCommand.CursorForm:
                _command = (GdcCommand)value;
                break;
            // Anything else: not decoded; its parameters (if any) are ignored below.
        }
    }

    private void Parameter(byte value)
    {
        int i = _parameterIndex++;
        switch (_command)
        {
            case GdcCommand.CursorWrite when i == 0: _cursorAddress = _cursorAddress & ~0xFF | value; break;
            case GdcCommand.CursorWrite when i == 1: _cursorAddress = _cursorAddress & ~0xFF00 | value << 8; break;
            case GdcCommand.CursorWrite when i == 2: _cursorAddress = _cursorAddress & 0xFFFF | (value & 0x03) << 16; break;
            case GdcCommand.CursorForm when i < _form.Length: _form[i] = value; break;
            case GdcCommand.ParameterRamWrite: _pram[(_pramStart + i) & 0x0F] = value; break;
        }
    }

    /// <summary>The raw attribute byte of cell <paramref name="cell"/> (in cells from <see cref="TextBase"/>).</summary>
    public Pc98Attribute AttributeOf(int cell) => (Pc98Attribute)_memory.Read8(TextBase + AttributeOffset + (uint)((cell & PlaneCellMask) * 2));

    /// <summary>The raw 16-bit character code of cell <paramref name="cell"/>.</summary>
    public ushort CodeOf(int cell)
    {
        uint address = TextBase + (uint)((cell & PlaneCellMask) * 2);
        return (ushort)(_memory.Read8(address) | _memory.Read8(address + 1) << 8);
    }

    /// <summary>The GRB colour number (0 black ... 7 white) of an attribute.</summary>
    public static int ColorOf(Pc98Attribute attribute) => (byte)attribute >> 5;

    /// <summary>The CP437 code shown for a PC-98 character code.</summary>
    public static byte ToCp437(ushort code)
    {
        if (code > 0xFF) return UnshownCharacter;
        if (code == 0) return 0x20;
        return code is >= 0x20 and <= 0x7E ? (byte)code : UnshownCharacter;
    }

    /// <summary>The CP437-screen attribute (foreground bits 0-3, background 4-6, blink 7) shown for a PC-98 attribute.</summary>
    public static byte ToIbmAttribute(Pc98Attribute attribute)
    {
        byte color = IbmColors[ColorOf(attribute)];
        byte ibm = (attribute & Pc98Attribute.Reverse) != 0 ? (byte)((color & 0x07) << 4) : color;
        if ((attribute & Pc98Attribute.Blink) != 0) ibm |= 0x80;
        return ibm;
    }

    /// <summary>Copies the visible screen and the cursor out of memory.</summary>
    public TextScreen Snapshot()
    {
        const int cells = Columns * Rows;
        var characters = new byte[cells];
        var attributes = new byte[cells];
        var text = new char[cells];
        var styles = new TextStyle[cells];
        int start = StartAddress;
        if (!DisplayEnabled)
        {
            Array.Fill(characters, (byte)0x20);
            Array.Fill(text, ' ');
            return new TextScreen(Columns, Rows, characters, attributes, -1, -1, false, text, styles);
        }
        for (int row = 0; row < Rows; row++)
        {
            for (int column = 0; column < Columns; column++)
            {
                int i = row * Columns + column;
                Pc98Attribute attribute = AttributeOf(start + i);
                ushort code = CodeOf(start + i);
                char shown = ToChar(code, out bool wide);
                if (wide && column == Columns - 1) wide = false; // no room for its right half on this row
                bool visible = (attribute & Pc98Attribute.Visible) != 0;
                SetCell(i, visible ? shown : ' ', visible ? ToCp437(code) : (byte)0x20, attribute, characters, attributes, text, styles);
                if (!wide) continue;
                column++;
                SetCell(i + 1, visible ? TextScreen.WideContinuation : ' ', visible ? ToCp437(code) : (byte)0x20, attribute, characters, attributes, text, styles);
            }
        }
        int cursor = _cursorAddress - start;
        bool onScreen = cursor >= 0 && cursor < cells;
        return new TextScreen(Columns, Rows, characters, attributes,
            onScreen ? cursor / Columns : -1, onScreen ? cursor % Columns : -1, CursorVisible && onScreen, text, styles);
    }

    private static void SetCell(int i, char shown, byte cp437, Pc98Attribute attribute, byte[] characters, byte[] attributes, char[] text, TextStyle[] styles)
    {
        characters[i] = cp437;
        text[i] = shown;
        attributes[i] = ToIbmAttribute(attribute);
        if ((attribute & Pc98Attribute.Underline) != 0) styles[i] |= TextStyle.Underline;
        if ((attribute & Pc98Attribute.VerticalLine) != 0) styles[i] |= TextStyle.VerticalLine;
    }

    /// <summary>The Unicode character a PC-98 text code shows, and whether it takes two cells.</summary>
    public static char ToChar(ushort code, out bool wide)
    {
        wide = false;
        if (code <= 0xFF) return code == 0 ? ' ' : JisX0208.FromJisX0201((byte)code);
        int row = (code & 0x7F) + 0x20;
        int column = code >> 8 & 0x7F;
        if (row is >= 0x29 and <= 0x2B) return JisX0208.Unmapped; // the half-width rows: single cells
        wide = true;
        return JisX0208.ToChar(row, column);
    }
}
