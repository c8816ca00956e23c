namespace Concord.Devices.Keyboard;

/// <summary>
/// The PC-98 keyboard: host keys become PC-98 key codes (<see cref="Pc98KeyCode"/>) sent down the
/// serial line into the keyboard interface's <see cref="Usart8251"/> (IRQ 1). Make codes on a press,
/// break codes (bit 7 set) on a release; CAPS and kana lock, as on the real keyboard: a press of the
/// host's key sends the make code when it locks and the break code when it unlocks.
/// </summary>
/// <remarks>
/// <para>Host keys map by position on the JIS layout (<see cref="Map"/>): the keys both keyboards have
/// keep their place (the US = key is the ^ key, [ is @, ] is [, \ is ], ' is :), and the PC-98's own
/// keys come from the host keys nearest in meaning: Home is HOME/CLR, End is HELP, Page Up is
/// ROLL DOWN and Page Down ROLL UP (the text moves the other way), F1-F10 are f.1-f.10, F11 and F12
/// vf.1 and vf.2, Alt is GRPH, Break (Ctrl+Pause) is STOP, Print Screen is COPY, and the Japanese
/// 106-key keyboard's 変換 / 無変換 / カタカナ keys are XFER / NFER / kana. Grave, Num Lock and
/// Scroll Lock have no PC-98 counterpart and send nothing.</para>
/// <para>Text (<see cref="Type(char)"/>) goes by character instead: each printable ASCII character
/// is typed with the PC-98 key (and SHIFT) that makes it in the BIOS's normal and shift tables,
/// 5Ch with the ¥ key, control characters with CTRL.</para>
/// </remarks>
public sealed class Pc98Keyboard
{
    // The characters the BIOS's normal and shift tables give for key codes 00h-33h (\0: none).
    private const string Normal = "\x1B" + "1234567890-^\\\b\tqwertyuiop@[\rasdfghjkl;:]zxcvbnm,./\0";
    private const string Shifted = "\x1B" + "!\"#$%&'()\0=`|\b\tQWERTYUIOP~{\rASDFGHJKL+*}ZXCVBNM<>?_";

    private readonly Usart8251 _usart;
    private bool _capsLocked;
    private bool _kanaLocked;

    public Pc98Keyboard(Usart8251 usart) => _usart = usart;

    public Usart8251 Interface => _usart;

    public bool CapsLocked => _capsLocked;

    public bool KanaLocked => _kanaLocked;

    /// <summary>Nothing is waiting for the CPU: no character in the data register and none on the line.</summary>
    public bool Idle => !_usart.RxReady && _usart.Pending == 0;

    /// <summary>Presses a PC-98 key (sends its make code).</summary>
    public void Press(Pc98KeyCode code) => _usart.Receive((byte)code);

    /// <summary>Releases a PC-98 key (sends its break code).</summary>
    public void Release(Pc98KeyCode code) => _usart.Receive((byte)((byte)code | 0x80));

    public void KeyDown(HostKey key)
    {
        if (Map(key) is not { } code) return;
        if (code == Pc98KeyCode.Caps) Lock(code, ref _capsLocked);
        else if (code == Pc98KeyCode.Kana) Lock(code, ref _kanaLocked);
        else Press(code);
    }

    public void KeyUp(HostKey key)
    {
        if (Map(key) is not { } code || code is Pc98KeyCode.Caps or Pc98KeyCode.Kana) return;
        Release(code);
    }

    /// <summary>Presses and releases the keys that type <paramref name="c"/>; false for a character no key types.</summary>
    public bool Type(char c)
    {
        if (!TryMapChar(c, out var code, out bool shift, out bool control)) return false;
        if (control) Press(Pc98KeyCode.Ctrl);
        if (shift) Press(Pc98KeyCode.Shift);
        Press(code);
        Release(code);
        if (shift) Release(Pc98KeyCode.Shift);
        if (control) Release(Pc98KeyCode.Ctrl);
        return true;
    }

    /// <summary>Types each character; false if some could not be typed (they are skipped).</summary>
    public bool Type(string text)
    {
        bool all = true;
        foreach (char c in text) all &= Type(c);
        return all;
    }

    private void Lock(Pc98KeyCode code, ref bool locked)
    {
        locked = !locked;
        if (locked) Press(code);
        else Release(code);
    }

    /// <summary>The PC-98 key (and SHIFT, CTRL) that types an ASCII character.</summary>
    public static bool TryMapChar(char c, out Pc98KeyCode code, out bool shift, out bool control)
    {
        code = 0;
        shift = control = false;
        if (c == '\n') c = '\r';
        if (c == ' ')
        {
            code = Pc98KeyCode.Space;
            return true;
        }
        if (c is >= '\x01' and <= '\x1A' and not '\b' and not '\t' and not '\r')
        {
            control = true;
            c = (char)('a' + c - 1);
        }
        if (c == '\0') return false;
        int i = Normal.IndexOf(c);
        if (i < 0)
        {
            i = Shifted.IndexOf(c);
            shift = i >= 0;
        }
        if (i < 0) return false;
        code = (Pc98KeyCode)i;
        return true;
    }

    /// <summary>The PC-98 key a host key is, or null for a host key the PC-98 has no counterpart of.</summary>
    public static Pc98KeyCode? Map(HostKey key) => key switch
    {
        HostKey.Escape => Pc98KeyCode.Esc,
        >= HostKey.D1 and <= HostKey.D0 => (Pc98KeyCode)((int)key - (int)HostKey.D1 + (int)Pc98KeyCode.D1),
        HostKey.Minus => Pc98KeyCode.Minus,
        HostKey.Equals => Pc98KeyCode.Caret,
        HostKey.Yen => Pc98KeyCode.Yen,
        HostKey.Backspace => Pc98KeyCode.Backspace,
        HostKey.Tab => Pc98KeyCode.Tab,
        >= HostKey.Q and <= HostKey.P => (Pc98KeyCode)((int)key - (int)HostKey.Q + (int)Pc98KeyCode.Q),
        HostKey.LeftBracket => Pc98KeyCode.At,
        HostKey.RightBracket => Pc98KeyCode.LeftBracket,
        HostKey.Enter or HostKey.KeypadEnter => Pc98KeyCode.Return,
        HostKey.LeftControl or HostKey.RightControl => Pc98KeyCode.Ctrl,
        >= HostKey.A and <= HostKey.L => (Pc98KeyCode)((int)key - (int)HostKey.A + (int)Pc98KeyCode.A),
        HostKey.Semicolon => Pc98KeyCode.Semicolon,
        HostKey.Apostrophe => Pc98KeyCode.Colon,
        HostKey.Backslash => Pc98KeyCode.RightBracket,
        HostKey.LeftShift or HostKey.RightShift => Pc98KeyCode.Shift,
        >= HostKey.Z and <= HostKey.M => (Pc98KeyCode)((int)key - (int)HostKey.Z + (int)Pc98KeyCode.Z),
        HostKey.Comma => Pc98KeyCode.Comma,
        HostKey.Period => Pc98KeyCode.Period,
        HostKey.Slash => Pc98KeyCode.Slash,
        HostKey.Ro => Pc98KeyCode.Underscore,
        HostKey.KeypadMultiply => Pc98KeyCode.KeypadMultiply,
        HostKey.LeftAlt or HostKey.RightAlt => Pc98KeyCode.Grph,
        HostKey.Space => Pc98KeyCode.Space,
        HostKey.CapsLock => Pc98KeyCode.Caps,
        >= HostKey.F1 and <= HostKey.F10 => (Pc98KeyCode)((int)key - (int)HostKey.F1 + (int)Pc98KeyCode.F1),
        HostKey.F11 => Pc98KeyCode.Vf1,
        HostKey.F12 => Pc98KeyCode.Vf2,
        HostKey.Keypad7 => Pc98KeyCode.Keypad7,
        HostKey.Keypad8 => Pc98KeyCode.Keypad8,
        HostKey.Keypad9 => Pc98KeyCode.Keypad9,
        HostKey.KeypadMinus => Pc98KeyCode.KeypadMinus,
        HostKey.Keypad4 => Pc98KeyCode.Keypad4,
        HostKey.Keypad5 => Pc98KeyCode.Keypad5,
        HostKey.Keypad6 => Pc98KeyCode.Keypad6,
        HostKey.KeypadPlus => Pc98KeyCode.KeypadPlus,
        HostKey.Keypad1 => Pc98KeyCode.Keypad1,
        HostKey.Keypad2 => Pc98KeyCode.Keypad2,
        HostKey.Keypad3 => Pc98KeyCode.Keypad3,
        HostKey.Keypad0 => Pc98KeyCode.Keypad0,
        HostKey.KeypadPeriod => Pc98KeyCode.KeypadPeriod,
        HostKey.KeypadDivide => Pc98KeyCode.KeypadDivide,
        HostKey.KatakanaHiragana => Pc98KeyCode.Kana,
        HostKey.Henkan => Pc98KeyCode.Xfer,
        HostKey.Muhenkan => Pc98KeyCode.Nfer,
        HostKey.PrintScreen => Pc98KeyCode.Copy,
        HostKey.Break => Pc98KeyCode.Stop,
        HostKey.Home => Pc98KeyCode.HomeClr,
        HostKey.End => Pc98KeyCode.Help,
        HostKey.PageUp => Pc98KeyCode.RollDown,
        HostKey.PageDown => Pc98KeyCode.RollUp,
        HostKey.Up => Pc98KeyCode.Up,
        HostKey.Down => Pc98KeyCode.Down,
        HostKey.Left => Pc98KeyCode.Left,
        HostKey.Right => Pc98KeyCode.Right,
        HostKey.Insert => Pc98KeyCode.Insert,
        HostKey.Delete => Pc98KeyCode.Delete,
        _ => null,
    };
}
