using CsCheck;
using Concord.TestSupport;
using Concord.Devices.Bus;
using Concord.Devices.Pic;

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
        private readonly WiredPc _pc = new();

        public Pc() => Ports = [.. Enumerable.Range(0, 0x400).Select(p => (ushort)p).Where(p => Bus.DeviceAt(p) is not null)];

        public FakeClock Clock => _pc.Clock;
        public PortBus Bus => _pc.Bus;
        public Pic8259Pair Pic => _pc.Pic;
        public ITimedDevice[] Timed => _pc.Timed;
        public ushort[] Ports { get; }

        public void Dispose() => _pc.Dispose();

        public void InitPic() => _pc.InitPic();

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
        pc.InitPic();
        pc.Bus.Out8(0x21, 0xB8);
        pc.Bus.Out8(0xA1, 0x5A);
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
