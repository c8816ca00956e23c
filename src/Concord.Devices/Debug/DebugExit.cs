using Concord.Devices.Bus;

namespace Concord.Devices.Debug;

/// <summary>
/// The debug exit port at <see cref="Port"/> (F4h), like QEMU's <c>isa-debug-exit</c> device placed
/// there (<c>-device isa-debug-exit,iobase=0xf4</c>): a byte write of <c>v</c> ends the run with exit
/// status <c>(v &lt;&lt; 1) | 1</c>. The device records the status and calls the action the machine
/// gave it, which stops the vCPU after the instruction in progress.
/// </summary>
/// <remarks>
/// Only the first write counts: the low byte of a word write decides the status and later writes
/// are ignored until <see cref="Reset"/>. Statuses made this way are always odd, from 1 to 511; a
/// process exit status keeps only the low 8 bits, so values of 80h and above lose their top bit there.
/// Reads return FFh (nothing to read, as on an open bus). No IRQ, no DMA.
/// </remarks>
public sealed class DebugExit : IPortDevice
{
    /// <summary>The port the device sits at.</summary>
    public const ushort Port = 0xF4;

    private readonly Action _onExit;

    /// <param name="onExit">Called once, on the first write, after <see cref="ExitStatus"/> is set: typically asks the vCPU to stop.</param>
    public DebugExit(Action onExit)
    {
        ArgumentNullException.ThrowIfNull(onExit);
        _onExit = onExit;
    }

    /// <summary>The status the guest asked for, <c>(v &lt;&lt; 1) | 1</c>; null until the guest writes the port.</summary>
    public int? ExitStatus { get; private set; }

    /// <summary>The byte the guest wrote; null until it writes the port.</summary>
    public byte? Value { get; private set; }

    /// <summary>The status QEMU's isa-debug-exit reports for a written byte.</summary>
    public static int StatusFor(byte value) => (value << 1) | 1;

    public byte Read(ushort port) => 0xFF;

    public void Write(ushort port, byte value)
    {
        if (ExitStatus is not null) return;
        Value = value;
        ExitStatus = StatusFor(value);
        _onExit();
    }

    /// <summary>Forgets the recorded exit, so that the next write counts again.</summary>
    public void Reset()
    {
        Value = null;
        ExitStatus = null;
    }

    public override string ToString() =>
        ExitStatus is { } s ? $"debug exit at {Port:X2}h (guest wrote {Value:X2}h, status {s})" : $"debug exit at {Port:X2}h (not written)";
}
