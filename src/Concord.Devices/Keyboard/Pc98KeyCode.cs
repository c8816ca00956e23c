namespace Concord.Devices.Keyboard;

/// <summary>
/// Key codes of the PC-98 keyboard (the make code; the break code has bit 7 set). CAPS and kana
/// are locking keys: the keyboard sends the make code when the key locks and the break code when
/// it unlocks.
/// </summary>
public enum Pc98KeyCode : byte
{
    Esc = 0x00,
    D1 = 0x01, D2 = 0x02, D3 = 0x03, D4 = 0x04, D5 = 0x05, D6 = 0x06, D7 = 0x07, D8 = 0x08, D9 = 0x09, D0 = 0x0A,
    Minus = 0x0B,
    /// <summary>^ (shifted: `)</summary>
    Caret = 0x0C,
    /// <summary>¥ (5Ch; shifted: |)</summary>
    Yen = 0x0D,
    Backspace = 0x0E,
    Tab = 0x0F,
    Q = 0x10, W = 0x11, E = 0x12, R = 0x13, T = 0x14, Y = 0x15, U = 0x16, I = 0x17, O = 0x18, P = 0x19,
    /// <summary>@ (shifted: ~)</summary>
    At = 0x1A,
    /// <summary>[ (shifted: {)</summary>
    LeftBracket = 0x1B,
    Return = 0x1C,
    A = 0x1D, S = 0x1E, D = 0x1F, F = 0x20, G = 0x21, H = 0x22, J = 0x23, K = 0x24, L = 0x25,
    /// <summary>; (shifted: +)</summary>
    Semicolon = 0x26,
    /// <summary>: (shifted: *)</summary>
    Colon = 0x27,
    /// <summary>] (shifted: })</summary>
    RightBracket = 0x28,
    Z = 0x29, X = 0x2A, C = 0x2B, V = 0x2C, B = 0x2D, N = 0x2E, M = 0x2F,
    Comma = 0x30,
    Period = 0x31,
    Slash = 0x32,
    /// <summary>The _ key (shifted: _; unshifted it types nothing).</summary>
    Underscore = 0x33,
    Space = 0x34,
    Xfer = 0x35,
    RollUp = 0x36,
    RollDown = 0x37,
    Insert = 0x38,
    Delete = 0x39,
    Up = 0x3A,
    Left = 0x3B,
    Right = 0x3C,
    Down = 0x3D,
    HomeClr = 0x3E,
    Help = 0x3F,
    KeypadMinus = 0x40,
    KeypadDivide = 0x41,
    Keypad7 = 0x42, Keypad8 = 0x43, Keypad9 = 0x44,
    KeypadMultiply = 0x45,
    Keypad4 = 0x46, Keypad5 = 0x47, Keypad6 = 0x48,
    KeypadPlus = 0x49,
    Keypad1 = 0x4A, Keypad2 = 0x4B, Keypad3 = 0x4C,
    KeypadEquals = 0x4D,
    Keypad0 = 0x4E,
    KeypadComma = 0x4F,
    KeypadPeriod = 0x50,
    Nfer = 0x51,
    Vf1 = 0x52, Vf2 = 0x53, Vf3 = 0x54, Vf4 = 0x55, Vf5 = 0x56,
    Stop = 0x60,
    Copy = 0x61,
    F1 = 0x62, F2 = 0x63, F3 = 0x64, F4 = 0x65, F5 = 0x66, F6 = 0x67, F7 = 0x68, F8 = 0x69, F9 = 0x6A, F10 = 0x6B,
    Shift = 0x70,
    /// <summary>CAPS (a locking key).</summary>
    Caps = 0x71,
    /// <summary>カナ (a locking key).</summary>
    Kana = 0x72,
    Grph = 0x73,
    Ctrl = 0x74,
}
