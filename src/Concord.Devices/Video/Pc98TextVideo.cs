using Concord.Core.Memory;
using Concord.Devices.Bus;

namespace Concord.Devices.Video;

/// <summary>
/// Text display in the PC-98 layout, 80x25, driven through a text GDC (uPD7220-like) at ports
/// E0h (read: status, write: parameter) and E2h (read: FIFO data, write: command). On a PC-98 the
/// text GDC is at 60h/62h; the nx machine keeps the AT's 8042 there, so the GDC moves to E0h/E2h,
/// with the same even spacing.
/// </summary>
/// <remarks>
/// <para><b>Memory.</b> Text VRAM is ordinary memory of the VM's <see cref="MemoryMap"/>, read only
/// for a <see cref="Snapshot"/>: cell n's character code is the word at A0000h + 2n (the low byte is
/// the ASCII / JIS X 0201 code of a single-byte character, the high byte 0; a nonzero high byte marks
/// half of a double-byte JIS character), its attribute the low byte of the word at A2000h + 2n
/// (<see cref="Pc98Attribute"/>). Each plane is 8 KiB (4096 cells) and wraps.</para>
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
/// <para><b>Snapshot.</b> Characters 20h-7Eh are shown as ASCII (5Ch as a backslash, where a PC-98
/// draws a yen sign, so that prompts read the same on both profiles), 00h as a blank, every other
/// code (control-code graphics, half-width katakana, kanji halves) as CP437 FEh (■). Attributes
/// become CP437-screen attributes: the GRB colour as the foreground (white as light grey 07h, other
/// colours bright, black as black), reverse swaps it into the background, blink sets bit 7, and a
/// cell without the "secret" (visible) bit shows a blank. Underline and the vertical line are not
/// shown. While the display is stopped the snapshot is blank and has no cursor.</para>
/// <para>Limitations: one display area, 80 columns, no character generator access, no graphics
/// GDC, no 20/25-line or 30-line modes, no light pen, no drawing or DMA.</para>
/// </remarks>
public sealed class Pc98TextVideo : IPortDevice
{
    public const ushort StatusParameterPort = 0xE0;
    public const ushort CommandDataPort = 0xE2;
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

    public Pc98TextVideo(MemoryMap memory, IClock clock)
    {
        _memory = memory;
        _clock = clock;
    }

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
            GdcStatus status = GdcStatus.FifoEmpty;
            if (_fifo.Count > 0) status |= GdcStatus.DataReady;
            long inFrame = _clock.NowNs % (LineNs * LinesPerFrame);
            long line = inFrame / LineNs;
            if (line >= VisibleLines || inFrame % LineNs >= VisibleLineNs) status |= GdcStatus.HorizontalBlank;
            if (line >= VerticalSyncFirstLine && line < VerticalSyncFirstLine + VerticalSyncLines) status |= GdcStatus.VerticalSync;
            return status;
        }
    }

    public byte Read(ushort port) => port switch
    {
        StatusParameterPort => (byte)Status,
        CommandDataPort => _fifo.TryDequeue(out byte b) ? b : (byte)0xFF,
        _ => 0xFF,
    };

    public void Write(ushort port, byte value)
    {
        if (port == CommandDataPort) Command(value);
        else if (port == StatusParameterPort) Parameter(value);
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

    /// <summary>Copies the visible screen and the cursor out of memory, as a CP437 screen.</summary>
    public TextScreen Snapshot()
    {
        const int cells = Columns * Rows;
        var characters = new byte[cells];
        var attributes = new byte[cells];
        int start = StartAddress;
        if (!DisplayEnabled)
        {
            Array.Fill(characters, (byte)0x20);
            return new TextScreen(Columns, Rows, characters, attributes, -1, -1, false);
        }
        for (int i = 0; i < cells; i++)
        {
            Pc98Attribute attribute = AttributeOf(start + i);
            characters[i] = (attribute & Pc98Attribute.Visible) != 0 ? ToCp437(CodeOf(start + i)) : (byte)0x20;
            attributes[i] = ToIbmAttribute(attribute);
        }
        int cursor = _cursorAddress - start;
        bool onScreen = cursor >= 0 && cursor < cells;
        return new TextScreen(Columns, Rows, characters, attributes,
            onScreen ? cursor / Columns : -1, onScreen ? cursor % Columns : -1, CursorVisible && onScreen);
    }
}
