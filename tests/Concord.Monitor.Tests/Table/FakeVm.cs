using Concord.Devices.Bus;
using Concord.Devices.Dma;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;

namespace Concord.Monitor.Tests.Table;

/// <summary>
/// A VM without a CPU: its own port bus with its own DMA controller (over its own memory) and its
/// view of the shared floppy controller, driven by scripted port accesses as a BIOS would make them.
/// </summary>
public sealed class FakeVm : ICallerLocation
{
    public const ushort Dor = 0x3F2, Msr = 0x3F4, Fifo = 0x3F5, Ccr = 0x3F7;

    public FakeVm(ManagementTable table, string name)
    {
        Name = name;
        Id = table.AddVm(name);
        Dma = new Dma8237(Memory);
        Bus.Map(0x00, 16, Dma);
        Bus.Map(Dma8237.Channel2PagePort, 3, Dma);
        Bus.Map(Dma8237.Channel0PagePort, 1, Dma);
    }

    public string Name { get; }
    public VmId Id { get; }
    public PortBus Bus { get; } = new();
    public ArrayDmaMemory Memory { get; } = new();
    public Dma8237 Dma { get; }
    public RecordingIrq Irq6 { get; } = new();

    /// <summary>The CS:IP the next access is attributed to.</summary>
    public CsIp Current { get; set; } = new(0xF000, 0x0100);

    /// <summary>Set while the shared device told the monitor to stop this VM.</summary>
    public bool Stopped { get; set; }

    public int WaitRequests { get; set; }
    public int Grants { get; set; }

    public void ConnectTo(SharedFdc fdc) => fdc.Connect(Id, Irq6, Dma, this).MapOn(Bus);

    public void Out(ushort port, byte value) => Bus.Out8(port, value);

    public byte In(ushort port) => Bus.In8(port);

    /// <summary>Programs DMA channel 2 for <paramref name="count"/> bytes at <paramref name="address"/> (device to memory when <paramref name="toMemory"/>).</summary>
    public void ProgramDma(uint address, int count, bool toMemory = true)
    {
        Out(Dma8237.SingleMaskPort, 0x06);
        Out(Dma8237.ClearFlipFlopPort, 0);
        Out(Dma8237.ModePort, (byte)(toMemory ? 0x46 : 0x4A));
        Out(0x04, (byte)address);
        Out(0x04, (byte)(address >> 8));
        Out(Dma8237.Channel2PagePort, (byte)(address >> 16));
        Out(0x05, (byte)(count - 1));
        Out(0x05, (byte)((count - 1) >> 8));
        Out(Dma8237.SingleMaskPort, 0x02);
    }

    /// <summary>Writes command bytes to the FIFO (without waiting on the MSR: a parked VM would not get this far).</summary>
    public void Command(params byte[] bytes)
    {
        foreach (byte b in bytes) Out(Fifo, b);
    }

    /// <summary>Reads result bytes while the MSR offers them (RQM and DIO set).</summary>
    public byte[] Results()
    {
        var bytes = new List<byte>();
        while ((In(Msr) & 0xC0) == 0xC0) bytes.Add(In(Fifo));
        return [.. bytes];
    }

    /// <summary>READ DATA (MFM) of one 512-byte sector.</summary>
    public void ReadSector(int drive, int c, int h, int r) =>
        Command(0x46, (byte)(drive | h << 2), (byte)c, (byte)h, (byte)r, 2, (byte)r, 0x1B, 0xFF);

    /// <summary>The BIOS's reset: DOR with /RESET low then high (motors and select kept), then four SENSE INTERRUPT STATUS.</summary>
    public byte[][] ResetAndSense(byte motorsAndSelect = 0)
    {
        Out(Dor, (byte)(motorsAndSelect | 0x08));
        Out(Dor, (byte)(motorsAndSelect | 0x0C));
        var senses = new byte[4][];
        for (int i = 0; i < 4; i++)
        {
            Command(0x08);
            senses[i] = Results();
        }
        return senses;
    }
}
