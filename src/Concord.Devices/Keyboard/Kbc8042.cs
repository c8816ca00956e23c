using Concord.Devices.Bus;

namespace Concord.Devices.Keyboard;

/// <summary>
/// Intel 8042 keyboard controller with an MF2 keyboard behind it: data port 60h, status/command
/// port 64h, IRQ 1. The host feeds keys with <see cref="KeyDown"/>/<see cref="KeyUp"/> or
/// <see cref="Type(char)"/>; the keyboard sends scan code set 1 (what the controller's translation
/// gives a PC).
/// </summary>
/// <remarks>
/// <para>Controller commands: 20h/60h read/write the command byte, A7h/A8h/A9h auxiliary disable,
/// enable and test (no mouse: the test answers 00h), AAh self test (55h), ABh interface test (00h),
/// ADh/AEh disable/enable the keyboard, C0h input port, D0h/D1h read/write the output port
/// (A20 and CPU reset), D2h/D3h write the keyboard/auxiliary output buffer, D4h (bytes for the
/// mouse are dropped), DDh/DFh A20 off/on, E0h test inputs, F0h-FFh pulse the output port
/// (FEh resets the CPU). Keyboard commands: EDh LEDs, EEh echo, F0h scan code set (answers set 2,
/// as a translated keyboard does, but always sends set 1), F2h identify (ABh 41h translated),
/// F3h typematic, F4h/F5h enable/disable scanning, F6h defaults, FEh resend, FFh reset (FAh AAh).</para>
/// <para>The controller takes every byte at once (IBF never reads 1). Replies to commands go out
/// before queued keystrokes; keystrokes wait while the keyboard is disabled. IRQ 1 follows OBF
/// when the command byte's INT bit is set: it rises with each byte and falls when 60h is read.
/// A20 and reset requests are reported through <see cref="A20Changed"/> and <see cref="ResetRequested"/>.
/// Limitations: no mouse; no scan code sets 2 and 3 on the wire; no typematic repeat (the host's own
/// repeat arrives as repeated <see cref="KeyDown"/> calls).</para>
/// </remarks>
public sealed class Kbc8042 : IPortDevice
{
    public const ushort DataPort = 0x60;
    public const ushort StatusCommandPort = 0x64;
    public const int DefaultIrq = 1;

    public const byte CmdReadCommandByte = 0x20;
    public const byte CmdWriteCommandByte = 0x60;
    public const byte CmdDisableAux = 0xA7;
    public const byte CmdEnableAux = 0xA8;
    public const byte CmdTestAux = 0xA9;
    public const byte CmdSelfTest = 0xAA;
    public const byte CmdInterfaceTest = 0xAB;
    public const byte CmdDisableKeyboard = 0xAD;
    public const byte CmdEnableKeyboard = 0xAE;
    public const byte CmdReadInputPort = 0xC0;
    public const byte CmdReadOutputPort = 0xD0;
    public const byte CmdWriteOutputPort = 0xD1;
    public const byte CmdWriteKeyboardBuffer = 0xD2;
    public const byte CmdWriteAuxBuffer = 0xD3;
    public const byte CmdWriteAux = 0xD4;
    public const byte CmdDisableA20 = 0xDD;
    public const byte CmdEnableA20 = 0xDF;
    public const byte CmdReadTestInputs = 0xE0;
    public const byte CmdPulseReset = 0xFE;

    public const byte KbdSetLeds = 0xED;
    public const byte KbdEcho = 0xEE;
    public const byte KbdScanCodeSet = 0xF0;
    public const byte KbdIdentify = 0xF2;
    public const byte KbdTypematic = 0xF3;
    public const byte KbdEnable = 0xF4;
    public const byte KbdDisable = 0xF5;
    public const byte KbdDefaults = 0xF6;
    public const byte KbdResend = 0xFE;
    public const byte KbdReset = 0xFF;

    public const byte Ack = 0xFA;
    public const byte SelfTestPassed = 0x55;
    public const byte BasicAssuranceTestPassed = 0xAA;

    private const string Unshifted = "1234567890-=\0\0qwertyuiop[]\0\0asdfghjkl;'`\0\\zxcvbnm,./";
    private const string Shifted = "!@#$%^&*()_+\0\0QWERTYUIOP{}\0\0ASDFGHJKL:\"~\0|ZXCVBNM<>?";

    private readonly IIrqLine? _irq1;
    private readonly ByteQueue _replies = new(16);
    private readonly ByteQueue _keys = new(4096);
    private KbcCommandByte _commandByte = KbcCommandByte.KeyboardInterrupt | KbcCommandByte.Translate;
    private KbcOutputPort _outputPort = KbcOutputPort.NotSystemReset | KbcOutputPort.A20;
    private byte _outputBuffer;
    private bool _outputFull;
    private bool _commandLast;
    private byte _pendingControllerCommand;
    private byte _pendingKeyboardCommand;
    private byte _lastKeyboardByte;
    private bool _irqLevel;

    /// <param name="irq1">IRQ 1 of the PIC; optional.</param>
    public Kbc8042(IIrqLine? irq1 = null) => _irq1 = irq1;

    /// <summary>The A20 gate changed (output port bit 1); the machine sets its memory map's A20 to the value.</summary>
    public event Action<bool>? A20Changed;

    /// <summary>The controller pulsed the CPU reset line (command FEh, or output port bit 0 written 0).</summary>
    public event Action? ResetRequested;

    public bool A20 => (_outputPort & KbcOutputPort.A20) != 0;

    public KbcCommandByte CommandByte => _commandByte;

    public KbcOutputPort OutputPort => _outputPort;

    public KeyboardLeds Leds { get; private set; }

    /// <summary>The keyboard sends keystrokes (F4h enable / F5h disable).</summary>
    public bool Scanning { get; private set; } = true;

    /// <summary>Bytes queued behind the output buffer.</summary>
    public int PendingBytes => _replies.Count + _keys.Count;

    public KbcStatus Status
    {
        get
        {
            var status = KbcStatus.NotInhibited;
            if (_outputFull) status |= KbcStatus.OutputBufferFull;
            if ((_commandByte & KbcCommandByte.SystemFlag) != 0) status |= KbcStatus.SystemFlag;
            if (_commandLast) status |= KbcStatus.CommandLast;
            return status;
        }
    }

    public byte Read(ushort port)
    {
        if (port == StatusCommandPort) return (byte)Status;
        byte value = _outputBuffer;
        _outputFull = false;
        UpdateIrq();
        Pump();
        return value;
    }

    public void Write(ushort port, byte value)
    {
        if (port == StatusCommandPort)
        {
            _commandLast = true;
            ControllerCommand(value);
        }
        else
        {
            _commandLast = false;
            if (_pendingControllerCommand != 0) ControllerData(value);
            else KeyboardByte(value);
        }
        Pump();
    }

    /// <summary>Presses <paramref name="key"/>: queues its make code.</summary>
    public void KeyDown(HostKey key) => QueueKey(key, breakCode: false);

    /// <summary>Releases <paramref name="key"/>: queues its break code.</summary>
    public void KeyUp(HostKey key) => QueueKey(key, breakCode: true);

    /// <summary>Presses and releases the keys that type <paramref name="c"/> (Shift for capitals and symbols, Ctrl for control characters). False for a character no key types.</summary>
    public bool Type(char c)
    {
        if (!TryMapChar(c, out var key, out bool shift, out bool control)) return false;
        if (control) KeyDown(HostKey.LeftControl);
        if (shift) KeyDown(HostKey.LeftShift);
        KeyDown(key);
        KeyUp(key);
        if (shift) KeyUp(HostKey.LeftShift);
        if (control) KeyUp(HostKey.LeftControl);
        return true;
    }

    /// <summary>Types each character; false if some could not be typed (they are skipped).</summary>
    public bool Type(string text)
    {
        bool all = true;
        foreach (char c in text) all &= Type(c);
        return all;
    }

    /// <summary>The key (and modifiers) that type an ASCII character.</summary>
    public static bool TryMapChar(char c, out HostKey key, out bool shift, out bool control)
    {
        shift = control = false;
        key = c switch
        {
            '\r' or '\n' => HostKey.Enter,
            '\t' => HostKey.Tab,
            '\b' => HostKey.Backspace,
            '\x1B' => HostKey.Escape,
            ' ' => HostKey.Space,
            _ => 0,
        };
        if (key != 0) return true;
        if (c is >= '\x01' and <= '\x1A')
        {
            control = true;
            c = (char)('a' + c - 1);
        }
        int i = c == '\0' ? -1 : Unshifted.IndexOf(c);
        if (i < 0)
        {
            i = c == '\0' ? -1 : Shifted.IndexOf(c);
            shift = i >= 0;
        }
        if (i < 0) return false;
        key = (HostKey)(0x02 + i);
        return true;
    }

    private void QueueKey(HostKey key, bool breakCode)
    {
        if (!Scanning) return;
        int code = (int)key;
        if (code > 0xFF) _keys.TryEnqueue(0xE0);
        _keys.TryEnqueue((byte)(code & 0x7F | (breakCode ? 0x80 : 0)));
        Pump();
    }

    private void Reply(byte value) => _replies.TryEnqueue(value);

    private void ControllerCommand(byte command)
    {
        _pendingControllerCommand = 0;
        switch (command)
        {
            case CmdReadCommandByte: Reply((byte)_commandByte); break;
            case CmdWriteCommandByte:
            case CmdWriteOutputPort:
            case CmdWriteKeyboardBuffer:
            case CmdWriteAuxBuffer:
            case CmdWriteAux:
                _pendingControllerCommand = command;
                break;
            case CmdDisableAux: _commandByte |= KbcCommandByte.DisableAux; break;
            case CmdEnableAux: _commandByte &= ~KbcCommandByte.DisableAux; break;
            case CmdTestAux: Reply(0x00); break;
            case CmdSelfTest: Reply(SelfTestPassed); break;
            case CmdInterfaceTest: Reply(0x00); break;
            case CmdDisableKeyboard: _commandByte |= KbcCommandByte.DisableKeyboard; break;
            case CmdEnableKeyboard: _commandByte &= ~KbcCommandByte.DisableKeyboard; break;
            case CmdReadInputPort: Reply(0xBF); break; // keyboard not inhibited, colour display
            case CmdReadOutputPort:
                var port = _outputPort & ~(KbcOutputPort.KeyboardOutputFull | KbcOutputPort.AuxOutputFull);
                if (_outputFull) port |= KbcOutputPort.KeyboardOutputFull;
                Reply((byte)port);
                break;
            case CmdDisableA20: SetOutputPort(_outputPort & ~KbcOutputPort.A20); break;
            case CmdEnableA20: SetOutputPort(_outputPort | KbcOutputPort.A20); break;
            case CmdReadTestInputs: Reply(0x00); break;
            default:
                if (command >= 0xF0 && (command & 1) == 0) ResetRequested?.Invoke(); // pulse with bit 0 low: CPU reset
                break;
        }
    }

    private void ControllerData(byte value)
    {
        byte command = _pendingControllerCommand;
        _pendingControllerCommand = 0;
        switch (command)
        {
            case CmdWriteCommandByte: _commandByte = (KbcCommandByte)(value & 0x7F); UpdateIrq(); break;
            case CmdWriteOutputPort:
                SetOutputPort((KbcOutputPort)value);
                if ((value & (byte)KbcOutputPort.NotSystemReset) == 0) ResetRequested?.Invoke();
                break;
            case CmdWriteKeyboardBuffer:
            case CmdWriteAuxBuffer:
                Reply(value);
                break;
            case CmdWriteAux:
                break; // no mouse
        }
    }

    private void SetOutputPort(KbcOutputPort value)
    {
        bool a20 = A20;
        _outputPort = value;
        if (A20 != a20) A20Changed?.Invoke(A20);
    }

    private void KeyboardByte(byte value)
    {
        byte pending = _pendingKeyboardCommand;
        _pendingKeyboardCommand = 0;
        switch (pending)
        {
            case KbdSetLeds:
                Leds = (KeyboardLeds)(value & 7);
                KeyboardReply(Ack);
                return;
            case KbdTypematic:
                KeyboardReply(Ack);
                return;
            case KbdScanCodeSet:
                KeyboardReply(Ack);
                if (value == 0) KeyboardReply(0x02);
                return;
        }
        switch (value)
        {
            case KbdSetLeds:
            case KbdTypematic:
            case KbdScanCodeSet:
                _pendingKeyboardCommand = value;
                KeyboardReply(Ack);
                break;
            case KbdEcho:
                KeyboardReply(KbdEcho);
                break;
            case KbdIdentify:
                KeyboardReply(Ack);
                KeyboardReply(0xAB);
                KeyboardReply((_commandByte & KbcCommandByte.Translate) != 0 ? (byte)0x41 : (byte)0x83);
                break;
            case KbdEnable:
                _keys.Clear();
                Scanning = true;
                KeyboardReply(Ack);
                break;
            case KbdDisable:
                _keys.Clear();
                Scanning = false;
                KeyboardReply(Ack);
                break;
            case KbdDefaults:
                Leds = KeyboardLeds.None;
                KeyboardReply(Ack);
                break;
            case KbdResend:
                Reply(_lastKeyboardByte);
                break;
            case KbdReset:
                _keys.Clear();
                Scanning = true;
                Leds = KeyboardLeds.None;
                KeyboardReply(Ack);
                KeyboardReply(BasicAssuranceTestPassed);
                break;
            default:
                KeyboardReply(KbdResend); // unknown command: the keyboard asks for a resend
                break;
        }
    }

    private void KeyboardReply(byte value)
    {
        _lastKeyboardByte = value;
        Reply(value);
    }

    /// <summary>Moves the next byte into an empty output buffer.</summary>
    private void Pump()
    {
        if (_outputFull) return;
        if (_replies.Count > 0) _outputBuffer = _replies.Dequeue();
        else if (_keys.Count > 0 && (_commandByte & KbcCommandByte.DisableKeyboard) == 0) _outputBuffer = _keys.Dequeue();
        else return;
        _outputFull = true;
        UpdateIrq();
    }

    private void UpdateIrq()
    {
        bool level = _outputFull && (_commandByte & KbcCommandByte.KeyboardInterrupt) != 0;
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq1?.Set(level);
    }
}
