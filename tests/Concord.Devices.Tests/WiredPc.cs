using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Cmos;
using Concord.Devices.Debug;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Keyboard;
using Concord.Devices.Pic;
using Concord.Devices.Pit;
using Concord.Devices.Power;
using Concord.Devices.Video;

namespace Concord.Devices.Tests;

/// <summary>All the devices of one PC on one port bus over 1 MiB of RAM, wired as a machine wires them (a diskette in drive 0, an empty drive 1).</summary>
internal sealed class WiredPc : IDisposable
{
    public WiredPc()
    {
        Map.MapRam(0, Ram, 0, Ram.Size);
        Pic = new Pic8259Pair(Intr);
        Pit = new Pit8254(Clock, Pic.Irq(0));
        var dma = new Dma8237(new MemoryMapDmaMemory(Map));
        Fdc = new Fdc82077(Clock, Pic.Irq(Fdc82077.DefaultIrq), dma);
        var drive = new FloppyDrive(Clock);
        drive.Insert(FloppyImage.CreateInMemory(FloppyGeometry.Floppy1440K));
        Fdc.Attach(0, drive);
        Fdc.Attach(1, new FloppyDrive(Clock));
        Kbc = new Kbc8042(Pic.Irq(Kbc8042.DefaultIrq));
        Kbc.A20Changed += on => Map.A20 = on;
        Rtc = new Rtc146818(Clock, new DateTime(2000, 1, 1), Pic.Irq(Rtc146818.DefaultIrq));

        Bus.Map(0x00, 16, dma);
        Bus.Map(Dma8237.Channel2PagePort, 3, dma);
        Bus.Map(Dma8237.Channel0PagePort, 1, dma);
        Bus.Map(Pic8259Pair.MasterCommandPort, 2, Pic);
        Bus.Map(Pic8259Pair.SlaveCommandPort, 2, Pic);
        Bus.Map(Pit8254.Counter0Port, 4, Pit);
        Bus.Map(SystemControlPortB.Port, 1, new SystemControlPortB(Pit, Clock));
        Bus.Map(Kbc8042.DataPort, 1, Kbc);
        Bus.Map(Kbc8042.StatusCommandPort, 1, Kbc);
        Bus.Map(Rtc146818.IndexPort, 2, Rtc);
        Bus.Map(PowerRelay.Port, 1, new PowerRelay());
        Bus.Map(Fdc82077.PrimaryBasePort, 6, Fdc);
        Bus.Map(Fdc82077.PrimaryBasePort + Fdc82077.DirCcrOffset, 1, Fdc);
        Bus.Map(TextVideo.CrtcIndexPort, 2, new TextVideo(Map, Clock));
        Bus.Map(TextVideo.ModeControlPort, 3, Bus.DeviceAt(TextVideo.CrtcIndexPort)!);
        Bus.Map(0xE9, 1, new DebugConsole(Stream.Null));
        Timed = [Pit, Fdc, Rtc];
    }

    public FakeClock Clock { get; } = new();
    public RecordingIrqLine Intr { get; } = new();
    public MemoryBlock Ram { get; } = new(0x100000);
    public MemoryMap Map { get; } = new();
    public PortBus Bus { get; } = new();
    public Pic8259Pair Pic { get; }
    public Pit8254 Pit { get; }
    public Fdc82077 Fdc { get; }
    public Kbc8042 Kbc { get; }
    public Rtc146818 Rtc { get; }
    public ITimedDevice[] Timed { get; }

    /// <summary>The BIOS's PIC initialisation: vectors 08h and 70h, cascade on IRQ 2, nothing masked.</summary>
    public void InitPic()
    {
        foreach (var (port, value) in new (ushort, byte)[]
                 {
                     (0x20, 0x11), (0x21, 0x08), (0x21, 0x04), (0x21, 0x01),
                     (0xA0, 0x11), (0xA1, 0x70), (0xA1, 0x02), (0xA1, 0x01),
                     (0x21, 0x00), (0xA1, 0x00),
                 })
            Bus.Out8(port, value);
    }

    public void Dispose()
    {
        Map.Dispose();
        Ram.Dispose();
    }
}
