using System.Text;
using Concord.Core.Cpu;
using Concord.Core.Io;

namespace Concord.Engines.Tests.Programs;

/// <summary>One OUT a test program made to a test port.</summary>
internal readonly record struct PortWrite(ushort Port, ushort Value, bool Word);

/// <summary>
/// The port bus of the program tests: reads are the open bus (FFh); writes to ports at or above
/// <see cref="FirstTestPort"/> are recorded, bytes to <see cref="DebugPort"/> also as text, and a
/// write to <see cref="StopPort"/> ends the run (<see cref="IVcpu.RequestStop"/>).
/// </summary>
internal sealed class RecordingPortBus : IPortBus
{
    public const byte FirstTestPort = 0xE9;
    /// <summary>Bytes written here are characters (the Bochs/QEMU debug console port).</summary>
    public const byte DebugPort = 0xE9;
    /// <summary>Results programs report, as words.</summary>
    public const byte ResultPort = 0xEA;
    /// <summary>Any write here stops the vCPU after the OUT.</summary>
    public const byte StopPort = 0xEF;

    private readonly StringBuilder _text = new();

    public List<PortWrite> Writes { get; } = [];

    /// <summary>The vCPU to stop on a write to <see cref="StopPort"/>.</summary>
    public IVcpu? Cpu { get; set; }

    public string Text => _text.ToString();

    /// <summary>Called for every OUT, before it is recorded: lets a test wire a port to the machine (e.g. A20).</summary>
    public Action<ushort, ushort>? OnOut { get; set; }

    public IEnumerable<ushort> Results => Writes.Where(w => w.Port == ResultPort).Select(w => w.Value);

    public byte In8(ushort port) => 0xFF;
    public ushort In16(ushort port) => 0xFFFF;
    public void Out8(ushort port, byte value) => Record(port, value, word: false);
    public void Out16(ushort port, ushort value) => Record(port, value, word: true);

    private void Record(ushort port, ushort value, bool word)
    {
        OnOut?.Invoke(port, value);
        if (port < FirstTestPort) return;
        Writes.Add(new PortWrite(port, value, word));
        if (port == DebugPort) _text.Append((char)(value & 0xFF));
        if (port == StopPort) Cpu?.RequestStop();
    }
}
