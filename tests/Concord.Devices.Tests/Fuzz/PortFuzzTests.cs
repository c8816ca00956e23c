using CsCheck;
using Concord.TestSupport;
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

namespace Concord.Devices.Tests.Fuzz;

/// <summary>
/// Random port sequences on every device of a PC (as a hostile guest would send them, with time
/// passing and interrupts taken between): no host exception, and afterwards each device still
/// does what its datasheet says when programmed the ordinary way (the PIC initialises and masks,
/// the FDC resets and reports, the PIT reads back what it was given, the RTC keeps CMOS bytes).
/// </summary>
public sealed class PortFuzzTests
{
    private sealed class Pc : IDisposable
    {
        public readonly FakeClock Clock = new();
        public readonly RecordingIrqLine Intr = new();
        public readonly MemoryBlock Ram = new(0x100000);
        public readonly MemoryMap Map = new();
        public readonly PortBus Bus = new();
        public readonly Pic8259Pair Pic;
        public readonly Pit8254 Pit;
        public readonly Fdc82077 Fdc;
        public readonly Kbc8042 Kbc;
        public readonly Rtc146818 Rtc;
        public readonly ITimedDevice[] Timed;
        public readonly ushort[] Ports;

        public Pc()
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
            var video = new TextVideo(Map, Clock);
            Bus.Map(TextVideo.CrtcIndexPort, 2, video);
            Bus.Map(TextVideo.ModeControlPort, 3, video);
            Bus.Map(0xE9, 1, new DebugConsole(Stream.Null));
            Timed = [Pit, Fdc, Rtc];
            Ports = [.. Enumerable.Range(0, 0x400).Select(p => (ushort)p).Where(p => Bus.DeviceAt(p) is not null)];
        }

        public void Dispose()
        {
            Map.Dispose();
            Ram.Dispose();
        }

        /// <summary>Moves time on by <paramref name="ns"/>, running every device event on the way.</summary>
        public void Run(long ns)
        {
            long end = Clock.NowNs + ns;
            for (int guard = 0; guard < 10_000; guard++)
            {
                long next = Timed.Min(d => d.NextEventNs);
                if (next > end) break;
                Clock.NowNs = Math.Max(Clock.NowNs, next);
                foreach (var d in Timed)
                    if (d.NextEventNs <= Clock.NowNs) d.Advance(Clock.NowNs);
            }
            Clock.NowNs = end;
            foreach (var d in Timed) d.Advance(end);
        }
    }

    /// <summary>One access: kind 0-5 out, 6-8 in, 9 time passes, 10 the CPU takes an interrupt, 11 a word out.</summary>
    private static readonly Gen<(int Kind, int Port, byte Value, int Time)> Step =
        Gen.Select(Gen.Int[0, 11], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[0, 50_000_000]);

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Random_port_sequences_raise_nothing_and_leave_every_device_programmable()
    {
        Step.Array[1, 300].Sample(steps =>
        {
            using var pc = new Pc();
            foreach (var (kind, index, value, time) in steps)
            {
                ushort port = pc.Ports[index % pc.Ports.Length];
                switch (kind)
                {
                    case <= 5: pc.Bus.Out8(port, value); break;
                    case <= 8: pc.Bus.In8(port); break;
                    case 9: pc.Run(time); break;
                    case 10: if (pc.Pic.Intr) pc.Pic.Acknowledge(); break;
                    default: pc.Bus.Out16(port, (ushort)(value * 0x0101)); break;
                }
            }
            CheckStillProgrammable(pc);
        }, time: FuzzBudget.Seconds(3), threads: 1, print: s => string.Join(' ', s.Select(x => $"{x.Kind}:{x.Port % 0x400:X3}={x.Value:X2}")));
    }

    private static void CheckStillProgrammable(Pc pc)
    {
        // PIC: the BIOS's initialisation, then a mask read back.
        foreach (var (port, value) in new (ushort, byte)[]
                 {
                     (0x20, 0x11), (0x21, 0x08), (0x21, 0x04), (0x21, 0x01),
                     (0xA0, 0x11), (0xA1, 0x70), (0xA1, 0x02), (0xA1, 0x01), (0x21, 0xB8), (0xA1, 0x5A),
                 })
            pc.Bus.Out8(port, value);
        Assert.Equal(0xB8, pc.Bus.In8(0x21));
        Assert.Equal(0x5A, pc.Bus.In8(0xA1));

        // FDC: a reset through the DOR, then the four polling statuses, then VERSION.
        pc.Bus.Out8(0x3F2, 0x00);
        pc.Bus.Out8(0x3F2, 0x0C);
        pc.Run(1_000_000);
        for (int d = 0; d < 4; d++)
        {
            pc.Bus.Out8(0x3F5, 0x08);
            Assert.Equal(0xD0, pc.Bus.In8(0x3F4) & 0xD0);   // RQM, DIO: result bytes to read
            Assert.Equal(0xC0 | d, pc.Bus.In8(0x3F5));
            pc.Bus.In8(0x3F5);
        }
        pc.Bus.Out8(0x3F5, 0x10);
        Assert.Equal(0x90, pc.Bus.In8(0x3F5));
        Assert.Equal(0x80, pc.Bus.In8(0x3F4));

        // PIT: counter 2 in mode 3 with a count, read back through the latch.
        pc.Bus.Out8(0x43, 0xB6);
        pc.Bus.Out8(0x42, 0x34);
        pc.Bus.Out8(0x42, 0x12);
        pc.Bus.Out8(0x43, 0xE8);                           // read-back: status of counter 2
        Assert.Equal(0x36, pc.Bus.In8(0x42) & 0x3F);       // read/write LSB then MSB, mode 3, binary

        // RTC: a CMOS byte keeps what was written.
        pc.Bus.Out8(0x70, 0x30);
        pc.Bus.Out8(0x71, 0xA5);
        pc.Bus.Out8(0x70, 0x30);
        Assert.Equal(0xA5, pc.Bus.In8(0x71));
    }
}
