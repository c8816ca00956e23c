namespace Concord.Core.Io;

/// <summary>
/// Port I/O as the CPU sees it: the host interface the monitor implements. An engine calls it for
/// every IN, OUT, INS and OUTS. Unmapped ports read all ones and drop writes.
/// </summary>
public interface IPortBus
{
    byte In8(ushort port);
    ushort In16(ushort port);
    void Out8(ushort port, byte value);
    void Out16(ushort port, ushort value);
}

/// <summary>
/// The interrupt controller the CPU acknowledges an INTR with (the PIC's INTA cycle). An engine calls
/// <see cref="Acknowledge"/> only while the INTR line (<see cref="Cpu.IVcpu.SetIntr"/>) is asserted and
/// IF = 1, once per interrupt it takes.
/// </summary>
public interface IInterruptAcknowledge
{
    /// <summary>
    /// The vector to take. A controller may return -1 when it has nothing to give (the engine then
    /// takes no interrupt); an 8259A instead answers a spurious acknowledge (the request went away
    /// before the INTA cycle) with its IRQ 7 vector (base + 7) and sets no in-service bit, as the chip does.
    /// </summary>
    int Acknowledge();
}

/// <summary>A bus with nothing on it: every read is FFh/FFFFh, every write is dropped.</summary>
public sealed class OpenBus : IPortBus, IInterruptAcknowledge
{
    public static OpenBus Instance { get; } = new();
    public byte In8(ushort port) => 0xFF;
    public ushort In16(ushort port) => 0xFFFF;
    public void Out8(ushort port, byte value) { }
    public void Out16(ushort port, ushort value) { }
    public int Acknowledge() => -1;
}
