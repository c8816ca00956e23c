using Concord.Devices.Pit;
using Concord.Devices.Video;

namespace Concord.Devices.Tests.Pit;

/// <summary>The 8253 of a PC-98 runs at 2.4576 MHz: 24576 counts are the BIOS's 10 ms.</summary>
public sealed class Pc98TimerClockTests
{
    private readonly FakeClock _clock = new();
    private readonly RecordingIrqLine _irq0 = new();

    [Fact]
    public void Counter_0_in_mode_3_with_24576_counts_interrupts_every_10_ms()
    {
        var pit = new Pit8254(_clock, _irq0, Pit8254.Pc98InputFrequencyHz);
        pit.Write(Pit8254.ControlWordPort, 0x36);
        pit.Write(Pit8254.Counter0Port, 0x00);
        pit.Write(Pit8254.Counter0Port, 0x60);
        int edges = _irq0.RisingEdges;

        for (int ms = 0; ms < 100; ms++)
        {
            _clock.AdvanceMs(1);
            if (pit.NextEventNs <= _clock.NowNs) pit.Advance(_clock.NowNs);
        }

        Assert.Equal(10, _irq0.RisingEdges - edges);
        Assert.Equal(10_000_000, Pit8254.TicksToNs(24576, Pit8254.Pc98InputFrequencyHz));
    }

    [Fact]
    public void The_graphics_gdc_shows_the_vertical_sync_in_step_with_the_text_one()
    {
        var gdc = new Pc98GraphicsGdc(_clock);
        int seen = 0;
        for (int i = 0; i < 20_000; i++)
        {
            _clock.AdvanceNs(1_000);
            if ((gdc.Read(Pc98GraphicsGdc.StatusPort) & (byte)GdcStatus.VerticalSync) != 0) seen++;
            Assert.Equal(Pc98TextVideo.SyncStatus(_clock.NowNs) | GdcStatus.FifoEmpty, (GdcStatus)gdc.Read(Pc98GraphicsGdc.StatusPort));
        }
        Assert.InRange(seen, 300, 400); // about 8 of 440 lines of each 17.7 ms frame
    }
}
