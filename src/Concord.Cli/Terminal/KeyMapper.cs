using Concord.Devices.Keyboard;
using Concord.Monitor.Profiles;
using Concord.Monitor.Vm;

namespace Concord.Cli.Terminal;

/// <summary>What one host key press means for the guest.</summary>
internal abstract record KeyAction
{
    /// <summary>The UI's quit key (Ctrl+]).</summary>
    public sealed record Quit : KeyAction;

    /// <summary>Ctrl+C: interrupt Concord (status 130), as in any terminal program.</summary>
    public sealed record Interrupt : KeyAction;

    /// <summary>Press and release <paramref name="Key"/> with the given modifiers held.</summary>
    public sealed record Press(HostKey Key, bool Shift, bool Control, bool Alt) : KeyAction
    {
        public override bool SendTo(IHostKeyboard keyboard)
        {
            if (Control) keyboard.PostKeyDown(HostKey.LeftControl);
            if (Alt) keyboard.PostKeyDown(HostKey.LeftAlt);
            if (Shift) keyboard.PostKeyDown(HostKey.LeftShift);
            keyboard.PostKeyDown(Key);
            keyboard.PostKeyUp(Key);
            if (Shift) keyboard.PostKeyUp(HostKey.LeftShift);
            if (Alt) keyboard.PostKeyUp(HostKey.LeftAlt);
            if (Control) keyboard.PostKeyUp(HostKey.LeftControl);
            return true;
        }
    }

    /// <summary>Type a character (the 8042 model picks the keys and modifiers).</summary>
    public sealed record Type(char Character) : KeyAction
    {
        public override bool SendTo(IHostKeyboard keyboard)
        {
            keyboard.PostText(Character.ToString());
            return true;
        }
    }

    /// <summary>Sends the keys this action stands for to the guest; false when it is for the UI, not the guest.</summary>
    public virtual bool SendTo(IHostKeyboard keyboard) => false;

    /// <summary>A key the guest keyboard has no equivalent for.</summary>
    public sealed record None : KeyAction;
}

/// <summary>
/// Maps <see cref="ConsoleKeyInfo"/> from <see cref="Console.ReadKey(bool)"/> to PC keys, which the
/// VM's keyboard turns into its own codes (a PC-98's by <see cref="Pc98Keyboard.Map"/>).
/// </summary>
/// <remarks>
/// A terminal sends no Pause, Print Screen or Japanese keys, so for a PC-98 VM the keys only a PC-98
/// has also come from F11 and F12 with a modifier (docs/devices.md, "The PC-98 key map"):
/// Ctrl+F11 STOP, Ctrl+F12 COPY, Shift+F11 NFER, Shift+F12 XFER, Alt+F11 kana (locks); Pause and
/// Print Screen, where a console has them, are STOP and COPY. Without a modifier F11 and F12 stay
/// vf.1 and vf.2 (F12 moves the focus when the machine has several VMs).
/// </remarks>
internal static class KeyMapper
{
    /// <summary>The quit key's character: Ctrl+] is GS (1Dh), which DOS programs do not use.</summary>
    public const char QuitChar = '\x1D';

    /// <summary>What <paramref name="info"/> means for a VM built on <paramref name="board"/>.</summary>
    public static KeyAction Map(ConsoleKeyInfo info, PlatformBoard board)
    {
        if (board == PlatformBoard.Pc98 && Pc98Shortcut(info) is { } key) return new KeyAction.Press(key, false, false, false);
        return Map(info);
    }

    /// <summary>The PC-98-only key a terminal shortcut stands for, or null.</summary>
    internal static HostKey? Pc98Shortcut(ConsoleKeyInfo info) => (info.Key, info.Modifiers) switch
    {
        (ConsoleKey.F11, ConsoleModifiers.Control) => HostKey.Break,             // STOP
        (ConsoleKey.F12, ConsoleModifiers.Control) => HostKey.PrintScreen,       // COPY
        (ConsoleKey.F11, ConsoleModifiers.Shift) => HostKey.Muhenkan,            // NFER
        (ConsoleKey.F12, ConsoleModifiers.Shift) => HostKey.Henkan,              // XFER
        (ConsoleKey.F11, ConsoleModifiers.Alt) => HostKey.KatakanaHiragana,      // kana
        (ConsoleKey.Pause, _) => HostKey.Break,                                   // a console that has the keys
        (ConsoleKey.PrintScreen, _) => HostKey.PrintScreen,
        _ => null,
    };

    public static KeyAction Map(ConsoleKeyInfo info)
    {
        bool shift = (info.Modifiers & ConsoleModifiers.Shift) != 0;
        bool control = (info.Modifiers & ConsoleModifiers.Control) != 0;
        bool alt = (info.Modifiers & ConsoleModifiers.Alt) != 0;
        // On Unix terminals .NET reports the byte 1Dh (Ctrl+]) as Ctrl+5 with no character, as it reads 1Ch-1Fh as Ctrl+4..7.
        if (info.KeyChar == QuitChar || (control && info.Key == ConsoleKey.Oem6) || (control && info.Key == ConsoleKey.D5 && info.KeyChar == '\0'))
            return new KeyAction.Quit();
        if (info.KeyChar == '\x03' || (control && info.Key == ConsoleKey.C)) return new KeyAction.Interrupt();
        if (control && info.Key is >= ConsoleKey.A and <= ConsoleKey.Z
            && Kbc8042.TryMapChar((char)('a' + (info.Key - ConsoleKey.A)), out HostKey letter, out _, out _))
            return new KeyAction.Press(letter, shift, Control: true, alt);

        HostKey? special = info.Key switch
        {
            ConsoleKey.UpArrow => HostKey.Up,
            ConsoleKey.DownArrow => HostKey.Down,
            ConsoleKey.LeftArrow => HostKey.Left,
            ConsoleKey.RightArrow => HostKey.Right,
            ConsoleKey.Home => HostKey.Home,
            ConsoleKey.End => HostKey.End,
            ConsoleKey.PageUp => HostKey.PageUp,
            ConsoleKey.PageDown => HostKey.PageDown,
            ConsoleKey.Insert => HostKey.Insert,
            ConsoleKey.Delete => HostKey.Delete,
            ConsoleKey.Escape => HostKey.Escape,
            ConsoleKey.Enter => HostKey.Enter,
            ConsoleKey.Backspace => HostKey.Backspace,
            ConsoleKey.Tab => HostKey.Tab,
            >= ConsoleKey.F1 and <= ConsoleKey.F10 => (HostKey)((int)HostKey.F1 + (info.Key - ConsoleKey.F1)),
            ConsoleKey.F11 => HostKey.F11,
            ConsoleKey.F12 => HostKey.F12,
            _ => null,
        };
        if (special is { } key) return new KeyAction.Press(key, shift, control, alt);

        char c = info.KeyChar;
        if (alt && c != '\0' && Kbc8042.TryMapChar(char.ToLowerInvariant(c), out HostKey altKey, out _, out _))
            return new KeyAction.Press(altKey, false, false, Alt: true);
        if (c != '\0' && Kbc8042.TryMapChar(c, out _, out _, out _)) return new KeyAction.Type(c);
        return new KeyAction.None();
    }
}
