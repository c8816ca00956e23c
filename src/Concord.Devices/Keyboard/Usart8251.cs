using Concord.Devices.Bus;

namespace Concord.Devices.Keyboard;

/// <summary>
/// Intel 8251A USART, receive side, as the PC-98 keyboard interface uses it: the data register at
/// 41h (C/D = 0) and the mode / command / status register at 43h (C/D = 1), its RxRDY output on
/// IRQ 1 (master IR1, INT 09h). The keyboard's serial line is modelled as a queue of characters
/// in flight (<see cref="Receive"/>): the next one reaches the data register as soon as the
/// previous one has been read, so nothing overruns and every character raises RxRDY afresh.
/// </summary>
/// <remarks>
/// After power-on and after an internal reset (command bit 6) the first control write is the mode
/// instruction, the rest command instructions. Characters wait on the line while the receiver is
/// disabled (command bit 2 clear). Transmitted bytes (commands to the keyboard on later models)
/// are counted and dropped; TxRDY and TxEMPTY always read 1. DSR reads 0. Limitations: no
/// synchronous mode, no parity or framing errors, no break detection.
/// </remarks>
public sealed class Usart8251 : IPortDevice
{
    public const ushort DataPort = 0x41;
    public const ushort ControlPort = 0x43;
    public const int DefaultIrq = 1;

    private readonly IIrqLine? _rxReady;
    private readonly ByteQueue _line = new(4096);
    private bool _expectMode = true;
    private byte _data;
    private bool _full;
    private bool _irqLevel;

    /// <param name="rxReady">The interrupt line the RxRDY output drives (IRQ 1 on a PC-98); optional.</param>
    /// <param name="dataPort">The port with C/D = 0.</param>
    /// <param name="controlPort">The port with C/D = 1.</param>
    public Usart8251(IIrqLine? rxReady = null, ushort dataPort = DataPort, ushort controlPort = ControlPort)
    {
        _rxReady = rxReady;
        Data = dataPort;
        Control = controlPort;
    }

    public ushort Data { get; }

    public ushort Control { get; }

    /// <summary>The last mode instruction.</summary>
    public byte Mode { get; private set; }

    public Usart8251Command Command { get; private set; }

    /// <summary>Bytes the CPU wrote to the data register (to the keyboard), dropped.</summary>
    public long Transmitted { get; private set; }

    /// <summary>Characters on the line behind the data register.</summary>
    public int Pending => _line.Count;

    /// <summary>A character waits in the data register.</summary>
    public bool RxReady => _full;

    public Usart8251Status Status =>
        Usart8251Status.TxReady | Usart8251Status.TxEmpty | (_full ? Usart8251Status.RxReady : 0);

    /// <summary>A character arrives on the receive line; false if the line's buffer is full (it is lost).</summary>
    public bool Receive(byte value)
    {
        if (!_line.TryEnqueue(value)) return false;
        Pump();
        return true;
    }

    /// <summary>Forgets the characters on the line (a keyboard reset).</summary>
    public void ClearLine() => _line.Clear();

    public byte Read(ushort port)
    {
        if (port == Data)
        {
            byte value = _data;
            if (_full)
            {
                _full = false;
                UpdateIrq();
                Pump();
            }
            return value;
        }
        return port == Control ? (byte)Status : (byte)0xFF;
    }

    public void Write(ushort port, byte value)
    {
        if (port == Data)
        {
            Transmitted++;
            return;
        }
        if (port != Control) return;
        if (_expectMode)
        {
            Mode = value;
            _expectMode = false;
            return;
        }
        var command = (Usart8251Command)value;
        if ((command & Usart8251Command.InternalReset) != 0)
        {
            _expectMode = true;
            Command = Usart8251Command.None;
            return;
        }
        Command = command & ~Usart8251Command.ErrorReset;
        Pump();
    }

    private void Pump()
    {
        if (_full || _line.Count == 0 || (Command & Usart8251Command.ReceiveEnable) == 0) return;
        _data = _line.Dequeue();
        _full = true;
        UpdateIrq();
    }

    private void UpdateIrq()
    {
        if (_full == _irqLevel) return;
        _irqLevel = _full;
        _rxReady?.Set(_full);
    }
}
