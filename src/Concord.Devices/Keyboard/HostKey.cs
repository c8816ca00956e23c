namespace Concord.Devices.Keyboard;

/// <summary>
/// Keys of a 101/102-key keyboard and the Japanese 106-key one. The value is the key's scan code
/// in set 1 (the make code); values E0xxh are sent with the E0h prefix.
/// </summary>
public enum HostKey : ushort
{
    Escape = 0x01,
    D1 = 0x02, D2 = 0x03, D3 = 0x04, D4 = 0x05, D5 = 0x06, D6 = 0x07, D7 = 0x08, D8 = 0x09, D9 = 0x0A, D0 = 0x0B,
    Minus = 0x0C,
    Equals = 0x0D,
    Backspace = 0x0E,
    Tab = 0x0F,
    Q = 0x10, W = 0x11, E = 0x12, R = 0x13, T = 0x14, Y = 0x15, U = 0x16, I = 0x17, O = 0x18, P = 0x19,
    LeftBracket = 0x1A,
    RightBracket = 0x1B,
    Enter = 0x1C,
    LeftControl = 0x1D,
    A = 0x1E, S = 0x1F, D = 0x20, F = 0x21, G = 0x22, H = 0x23, J = 0x24, K = 0x25, L = 0x26,
    Semicolon = 0x27,
    Apostrophe = 0x28,
    Grave = 0x29,
    LeftShift = 0x2A,
    Backslash = 0x2B,
    Z = 0x2C, X = 0x2D, C = 0x2E, V = 0x2F, B = 0x30, N = 0x31, M = 0x32,
    Comma = 0x33,
    Period = 0x34,
    Slash = 0x35,
    RightShift = 0x36,
    KeypadMultiply = 0x37,
    LeftAlt = 0x38,
    Space = 0x39,
    CapsLock = 0x3A,
    F1 = 0x3B, F2 = 0x3C, F3 = 0x3D, F4 = 0x3E, F5 = 0x3F, F6 = 0x40, F7 = 0x41, F8 = 0x42, F9 = 0x43, F10 = 0x44,
    NumLock = 0x45,
    ScrollLock = 0x46,
    Keypad7 = 0x47, Keypad8 = 0x48, Keypad9 = 0x49,
    KeypadMinus = 0x4A,
    Keypad4 = 0x4B, Keypad5 = 0x4C, Keypad6 = 0x4D,
    KeypadPlus = 0x4E,
    Keypad1 = 0x4F, Keypad2 = 0x50, Keypad3 = 0x51, Keypad0 = 0x52,
    KeypadPeriod = 0x53,
    F11 = 0x57,
    F12 = 0x58,
    /// <summary>JP106: カタカナ/ひらがな (kana).</summary>
    KatakanaHiragana = 0x70,
    /// <summary>JP106: the \ _ ろ key left of the right Shift.</summary>
    Ro = 0x73,
    /// <summary>JP106: 変換 (convert).</summary>
    Henkan = 0x79,
    /// <summary>JP106: 無変換 (no convert).</summary>
    Muhenkan = 0x7B,
    /// <summary>JP106: the ¥ | key left of Backspace.</summary>
    Yen = 0x7D,
    KeypadEnter = 0xE01C,
    RightControl = 0xE01D,
    KeypadDivide = 0xE035,
    PrintScreen = 0xE037,
    RightAlt = 0xE038,
    /// <summary>Pause/Break as sent with Ctrl held (E0 46): the Break key.</summary>
    Break = 0xE046,
    Home = 0xE047,
    Up = 0xE048,
    PageUp = 0xE049,
    Left = 0xE04B,
    Right = 0xE04D,
    End = 0xE04F,
    Down = 0xE050,
    PageDown = 0xE051,
    Insert = 0xE052,
    Delete = 0xE053,
}
