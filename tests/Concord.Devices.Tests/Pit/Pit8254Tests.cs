using Concord.Devices.Pit;

namespace Concord.Devices.Tests.Pit;

public sealed class Pit8254Tests
{
    private readonly FakeClock _clock = new();
    private readonly RecordingIrqLine _irq0 = new();
    private readonly Pit8254 _pit;
    private readonly SystemControlPortB _portB;

    public Pit8254Tests()
    {
        _pit = new Pit8254(_clock, _irq0);
        _portB = new SystemControlPortB(_pit, _clock);
    }

    private void AtTick(long tick) => _clock.NowNs = Pit8254.TicksToNs(tick);

    private int LatchAndRead(int counter)
    {
        _pit.Write(0x43, (byte)(counter << 6));
        int lo = _pit.Read((ushort)(0x40 + counter));
        return lo | _pit.Read((ushort)(0x40 + counter)) << 8;
    }

    private byte ReadStatus(int counter)
    {
        _pit.Write(0x43, (byte)(0xE0 | 2 << counter)); // read-back: status only
        return _pit.Read((ushort)(0x40 + counter));
    }

    [Fact]
    public void Tick_conversion_round_trips()
    {
        foreach (long t in new long[] { 0, 1, 1_193_181, 1_193_182, 123_456_789_012 })
            Assert.Equal(t, Pit8254.NsToTicks(Pit8254.TicksToNs(t)));
        Assert.Equal(1_193_182, Pit8254.NsToTicks(1_000_000_000));
    }

    [Fact]
    public void Mode_2_counts_down_and_reloads()
    {
        AtTick(1000);
        _pit.Write(0x43, 0x34); _pit.Write(0x40, 0xA9); _pit.Write(0x40, 0x04); // 1193
        AtTick(1100);
        Assert.Equal(1093, LatchAndRead(0));
        AtTick(1000 + 1193 + 10);
        Assert.Equal(1183, LatchAndRead(0));
    }

    [Fact]
    public void Mode_2_output_is_low_for_one_tick_at_count_one()
    {
        AtTick(0);
        _pit.Write(0x43, 0x34); _pit.Write(0x40, 10); _pit.Write(0x40, 0);
        AtTick(8);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
        AtTick(9);
        Assert.Equal(0x00, ReadStatus(0) & 0x80);
        AtTick(10);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
    }

    [Fact]
    public void Mode_3_square_wave_raises_irq0_every_period()
    {
        _pit.Write(0x43, 0x36); _pit.Write(0x40, 0); _pit.Write(0x40, 0); // 65536: 18.2 Hz
        long first = _pit.NextEventNs;
        Assert.InRange(first, 54_900_000, 54_950_000);
        int before = _irq0.RisingEdges;
        for (int i = 0; i < 18; i++)
        {
            _clock.NowNs = _pit.NextEventNs;
            _pit.Advance(_clock.NowNs);
        }
        Assert.Equal(18, _irq0.RisingEdges - before);
        Assert.InRange(_clock.NowNs, 988_000_000, 989_000_000);
    }

    [Fact]
    public void Edges_passed_in_one_advance_raise_irq0_once_and_are_counted_as_merged()
    {
        _pit.Write(0x43, 0x34); _pit.Write(0x40, 100); _pit.Write(0x40, 0); // mode 2, period 100 ticks
        int before = _irq0.RisingEdges;

        AtTick(100);
        _pit.Advance(_clock.NowNs);
        Assert.Equal((1, 0L), (_irq0.RisingEdges - before, _pit.MergedIrq0Edges)); // advanced at its event: nothing merged
        AtTick(1050);                                                              // edges at 200, 300, ..., 1000 go by
        _pit.Advance(_clock.NowNs);

        Assert.Equal(2, _irq0.RisingEdges - before);
        Assert.Equal(8L, _pit.MergedIrq0Edges);
        Assert.Equal(Pit8254.TicksToNs(1100), _pit.NextEventNs);
    }

    [Fact]
    public void Mode_3_output_is_high_for_the_first_half_period()
    {
        _pit.Write(0x43, 0x36); _pit.Write(0x40, 100); _pit.Write(0x40, 0);
        AtTick(49);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
        AtTick(50);
        Assert.Equal(0x00, ReadStatus(0) & 0x80);
        AtTick(99);
        Assert.Equal(0x00, ReadStatus(0) & 0x80);
        AtTick(100);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
    }

    [Fact]
    public void Mode_0_output_rises_at_terminal_count_and_stays_high()
    {
        _pit.Write(0x43, 0x30); _pit.Write(0x40, 0x00); _pit.Write(0x40, 0x01); // 256
        Assert.Equal(0x00, ReadStatus(0) & 0x80);
        Assert.Equal(Pit8254.TicksToNs(256), _pit.NextEventNs);
        AtTick(256);
        _pit.Advance(_clock.NowNs);
        Assert.True(_irq0.Level);
        AtTick(300);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
        Assert.Equal(0x10000 - 44, LatchAndRead(0)); // keeps counting through zero
        Assert.Equal(long.MaxValue, _pit.NextEventNs);
    }

    [Fact]
    public void Latched_count_is_held_until_read()
    {
        _pit.Write(0x43, 0x34); _pit.Write(0x40, 0x00); _pit.Write(0x40, 0x10);
        AtTick(0x100);
        _pit.Write(0x43, 0x00);
        AtTick(0x800);
        Assert.Equal(0x00, _pit.Read(0x40));
        Assert.Equal(0x0F, _pit.Read(0x40));
        Assert.Equal(0x1000 - 0x800, LatchAndRead(0));
    }

    [Fact]
    public void Read_back_latches_status_then_count()
    {
        AtTick(0);
        _pit.Write(0x43, 0xB4); // counter 2, word, mode 2
        _pit.Write(0x42, 0x00); _pit.Write(0x42, 0x20);
        _portB.Write(0x61, 0x01);
        AtTick(0x10);
        _pit.Write(0x43, 0xC8); // read-back counter 2: count and status
        Assert.Equal(0x80 | 0x30 | 2 << 1, _pit.Read(0x42));
        Assert.Equal(0xF0, _pit.Read(0x42));
        Assert.Equal(0x1F, _pit.Read(0x42));
    }

    [Fact]
    public void Status_shows_null_count_until_a_count_is_written()
    {
        _pit.Write(0x43, 0x34);
        Assert.Equal(0x40, ReadStatus(0) & 0x40);
        _pit.Write(0x40, 1); _pit.Write(0x40, 0);
        Assert.Equal(0x00, ReadStatus(0) & 0x40);
    }

    [Fact]
    public void Low_byte_only_access_reads_and_writes_one_byte()
    {
        _pit.Write(0x43, 0x54); // counter 1, low byte, mode 2
        _pit.Write(0x41, 18);
        AtTick(5);
        Assert.Equal(13, _pit.Read(0x41));
        Assert.Equal(13, _pit.Read(0x41));
    }

    [Fact]
    public void Bcd_counter_reads_decimal_digits()
    {
        _pit.Write(0x43, 0x35); _pit.Write(0x40, 0x00); _pit.Write(0x40, 0x10); // 1000 decimal
        AtTick(1);
        Assert.Equal(0x0999, LatchAndRead(0));
    }

    [Fact]
    public void New_mode_2_count_takes_effect_at_the_end_of_the_period()
    {
        _pit.Write(0x43, 0x34); _pit.Write(0x40, 100); _pit.Write(0x40, 0);
        AtTick(30);
        _pit.Write(0x40, 50); _pit.Write(0x40, 0);
        Assert.Equal(70, LatchAndRead(0));
        AtTick(110);
        Assert.Equal(40, LatchAndRead(0));
    }

    [Fact]
    public void Counter_2_gate_low_stops_mode_0_counting()
    {
        _pit.Write(0x43, 0xB0); _pit.Write(0x42, 100); _pit.Write(0x42, 0);
        AtTick(10);
        Assert.Equal(100, LatchAndRead(2)); // gate is low after reset of port 61h
        _portB.Write(0x61, 0x01);
        AtTick(60);
        Assert.Equal(50, LatchAndRead(2));
        Assert.Equal(0, _portB.Read(0x61) & 0x20);
        AtTick(110);
        Assert.Equal(0x20, _portB.Read(0x61) & 0x20);
    }

    [Fact]
    public void Mode_1_one_shot_starts_on_gate_rising_edge()
    {
        _pit.Write(0x43, 0xB2); _pit.Write(0x42, 20); _pit.Write(0x42, 0);
        AtTick(5);
        Assert.Equal(0x20, _portB.Read(0x61) & 0x20);
        _portB.Write(0x61, 0x01);
        AtTick(10);
        Assert.Equal(0, _portB.Read(0x61) & 0x20);
        AtTick(25);
        Assert.Equal(0x20, _portB.Read(0x61) & 0x20);
    }

    [Fact]
    public void Mode_4_strobes_output_low_for_one_tick()
    {
        _pit.Write(0x43, 0x38); _pit.Write(0x40, 5); _pit.Write(0x40, 0);
        AtTick(4);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
        AtTick(5);
        Assert.Equal(0x00, ReadStatus(0) & 0x80);
        AtTick(6);
        Assert.Equal(0x80, ReadStatus(0) & 0x80);
    }

    [Fact]
    public void Mode_5_strobe_waits_for_the_gate_trigger()
    {
        _pit.Write(0x43, 0xBA); _pit.Write(0x42, 5); _pit.Write(0x42, 0);
        AtTick(5);
        Assert.Equal(0x20, _portB.Read(0x61) & 0x20);
        AtTick(100);
        _portB.Write(0x61, 0x01);
        AtTick(105);
        Assert.Equal(0x00, _portB.Read(0x61) & 0x20);
        AtTick(106);
        Assert.Equal(0x20, _portB.Read(0x61) & 0x20);
    }

    [Fact]
    public void Refresh_bit_toggles_every_15_microseconds()
    {
        _clock.NowNs = 1_000;
        byte a = _portB.Read(0x61);
        _clock.NowNs = 1_000 + SystemControlPortB.RefreshToggleNs;
        byte b = _portB.Read(0x61);
        _clock.NowNs = 1_000 + 2 * SystemControlPortB.RefreshToggleNs;
        byte c = _portB.Read(0x61);
        Assert.NotEqual(a & 0x10, b & 0x10);
        Assert.Equal(a & 0x10, c & 0x10);
    }

    [Fact]
    public void Port_61h_keeps_low_bits_and_reports_speaker()
    {
        _portB.Write(0x61, 0xF3);
        Assert.Equal(0x03, _portB.Read(0x61) & 0x0F);
        Assert.True(_portB.SpeakerOn);
        Assert.True(_pit.Counter(2).Gate);
    }
}
