using Concord.Core.Memory;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Floppy;

/// <summary>An FDC with two 1.44M drives, the DMA controller and 1 MiB of RAM, driven through ports as a BIOS would.</summary>
public sealed class FdcTestMachine : IDisposable
{
    public const ushort Dor = 0x3F2, Msr = 0x3F4, Fifo = 0x3F5, Dir = 0x3F7;

    public FakeClock Clock { get; } = new();
    public RecordingIrqLine Irq6 { get; } = new();
    public MemoryBlock Ram { get; } = new(0x100000);
    public MemoryMap Map { get; } = new();
    public Dma8237 Dma { get; }
    public Fdc82077 Fdc { get; }
    public FloppyDrive DriveA { get; }
    public FloppyDrive DriveB { get; }

    public FdcTestMachine()
    {
        Map.MapRam(0, Ram, 0, Ram.Size);
        Dma = new Dma8237(new MemoryMapDmaMemory(Map));
        Fdc = new Fdc82077(Clock, Irq6, Dma);
        DriveA = new FloppyDrive(Clock);
        DriveB = new FloppyDrive(Clock);
        Fdc.Attach(0, DriveA);
        Fdc.Attach(1, DriveB);
    }

    public void Dispose()
    {
        Map.Dispose();
        Ram.Dispose();
    }

    /// <summary>A 1.44M image whose every sector is filled with bytes naming its cylinder, head and sector.</summary>
    public static FloppyImage PatternImage(FloppyGeometry geometry, bool writeProtected = false)
    {
        var bytes = new byte[geometry.TotalBytes];
        for (int c = 0; c < geometry.Cylinders; c++)
            for (int h = 0; h < geometry.Heads; h++)
                for (int s = 1; s <= geometry.SectorsPerTrack; s++)
                {
                    int offset = geometry.SectorIndex(c, h, s) * geometry.SectorSize;
                    for (int i = 0; i < geometry.SectorSize; i++)
                        bytes[offset + i] = SectorByte(c, h, s, i);
                }
        return FloppyImage.FromBytes(bytes, geometry, writeProtected);
    }

    public static byte SectorByte(int c, int h, int s, int i) => (byte)(c * 3 + h * 101 + s * 7 + i);

    public void Out(ushort port, byte value)
    {
        if (port < 0x100) Dma.Write(port, value);
        else Fdc.Write(port, value);
    }

    public byte In(ushort port) => Fdc.Read(port);

    /// <summary>Writes a command byte by byte, each when the MSR asks for it (RQM set, DIO clear).</summary>
    public void Command(params byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            byte msr = In(Msr);
            Assert.True((msr & 0xC0) == 0x80, $"MSR {msr:X2}h does not accept a command byte");
            Out(Fifo, b);
        }
    }

    /// <summary>Reads result bytes while the MSR offers them (RQM and DIO set).</summary>
    public byte[] Result()
    {
        var bytes = new List<byte>();
        while ((In(Msr) & 0xC0) == 0xC0) bytes.Add(In(Fifo));
        return [.. bytes];
    }

    /// <summary>DOR reset, release with DMA gate, and the four SENSE INTERRUPT STATUS of the polling.</summary>
    public void Reset(byte rate = 0)
    {
        Out(Dor, 0x00);
        Out(Dor, 0x0C);
        Out(Dir, rate);
        for (int i = 0; i < 4; i++)
        {
            Command(0x08);
            Result();
        }
        Command(0x03, 0xDF, 0x02); // SPECIFY: SRT 3 ms, HUT 240 ms, HLT 2 ms, DMA
    }

    /// <summary>Motor of drive <paramref name="unit"/> on, drive selected, DMA gate, then wait for spin-up.</summary>
    public void MotorOnAndWait(int unit)
    {
        Out(Dor, (byte)(0x0C | unit | 0x10 << unit));
        Clock.AdvanceMs(500);
        Fdc.Advance(Clock.NowNs);
    }

    public void Seek(int unit, int head, int cylinder)
    {
        Command(0x0F, (byte)(head << 2 | unit), (byte)cylinder);
        Clock.AdvanceMs(300);
        Fdc.Advance(Clock.NowNs);
        Command(0x08);
        Result();
    }

    /// <summary>Channel 2, single mode, increment, no auto-init: 46h to write memory, 4Ah to read it.</summary>
    public void ProgramDma(byte mode, uint address, int length)
    {
        Out(0x0A, 0x06);
        Out(0x0C, 0);
        Out(0x0B, mode);
        Out(0x04, (byte)address);
        Out(0x04, (byte)(address >> 8));
        Out(0x81, (byte)(address >> 16));
        Out(0x05, (byte)(length - 1));
        Out(0x05, (byte)((length - 1) >> 8));
        Out(0x0A, 0x02);
    }

    /// <summary>READ DATA (MT MFM as given), 9 bytes.</summary>
    public void ReadData(int unit, int c, int h, int r, int n, int eot, bool multiTrack = false) =>
        Command((byte)(multiTrack ? 0xE6 : 0x66), (byte)(h << 2 | unit), (byte)c, (byte)h, (byte)r, (byte)n, (byte)eot, 0x1B, 0xFF);

    public void WriteData(int unit, int c, int h, int r, int n, int eot) =>
        Command(0xC5, (byte)(h << 2 | unit), (byte)c, (byte)h, (byte)r, (byte)n, (byte)eot, 0x1B, 0xFF);
}
