using Concord.Devices.Cmos;
using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Cmos;

public sealed class Rtc146818Tests
{
    private static readonly DateTime Start = new(2024, 2, 28, 23, 59, 58);
    private readonly FakeClock _clock = new();
    private readonly RecordingIrqLine _irq8 = new();
    private readonly Rtc146818 _rtc;

    public Rtc146818Tests() => _rtc = new Rtc146818(_clock, Start, _irq8,
        new CmosSettings { DriveA = FloppyDriveType.Drive1440K, DriveB = FloppyDriveType.Drive1200K, BaseMemoryKb = 640, ExtendedMemoryKb = 3072 });

    private byte Get(int index)
    {
        _rtc.Write(0x70, (byte)index);
        return _rtc.Read(0x71);
    }

    private void Set(int index, byte value)
    {
        _rtc.Write(0x70, (byte)index);
        _rtc.Write(0x71, value);
    }

    [Fact]
    public void Time_registers_read_the_start_time_in_bcd()
    {
        Assert.Equal(0x58, Get(0x00));
        Assert.Equal(0x59, Get(0x02));
        Assert.Equal(0x23, Get(0x04));
        Assert.Equal(0x28, Get(0x07));
        Assert.Equal(0x02, Get(0x08));
        Assert.Equal(0x24, Get(0x09));
        Assert.Equal(0x20, Get(0x32));
        Assert.Equal(0x04, Get(0x06)); // Wednesday
    }

    [Fact]
    public void Time_runs_with_the_clock_across_midnight_and_leap_day()
    {
        _clock.AdvanceMs(3_000);
        Assert.Equal(0x01, Get(0x00));
        Assert.Equal(0x00, Get(0x04));
        Assert.Equal(0x29, Get(0x07));
        Assert.Equal(0x02, Get(0x08));
    }

    [Fact]
    public void Binary_and_12_hour_modes_change_the_encoding()
    {
        Set(0x0B, 0x04); // binary, 12-hour
        Assert.Equal(58, Get(0x00));
        Assert.Equal(0x80 | 11, Get(0x04));
        Set(0x0B, 0x02);
        Assert.Equal(0x23, Get(0x04));
    }

    [Fact]
    public void Set_bit_stops_the_clock_and_written_time_runs_from_release()
    {
        Set(0x0B, 0x82);
        Set(0x04, 0x08);
        Set(0x02, 0x30);
        Set(0x00, 0x00);
        _clock.AdvanceMs(5_000);
        Assert.Equal(0x00, Get(0x00));
        Set(0x0B, 0x02);
        _clock.AdvanceMs(2_000);
        Assert.Equal(0x02, Get(0x00));
        Assert.Equal(0x30, Get(0x02));
        Assert.Equal(0x08, Get(0x04));
        Assert.Equal(new DateTime(2024, 2, 28, 8, 30, 2), _rtc.Now);
    }

    [Fact]
    public void Update_in_progress_is_set_in_the_last_244_microseconds_of_a_second()
    {
        _clock.NowNs = 1_000_000_000 - 245_000;
        Assert.Equal(0, Get(0x0A) & 0x80);
        _clock.NowNs = 1_000_000_000 - 243_000;
        Assert.Equal(0x80, Get(0x0A) & 0x80);
        _clock.NowNs = 1_000_000_000 + 1_000;
        Assert.Equal(0, Get(0x0A) & 0x80);
    }

    [Fact]
    public void Periodic_interrupt_at_1024_hz_raises_irq8_until_c_is_read()
    {
        Set(0x0A, 0x26);
        Set(0x0B, 0x42);
        Assert.Equal(976_563, _rtc.NextEventNs);
        _clock.NowNs = _rtc.NextEventNs;
        _rtc.Advance(_clock.NowNs);
        Assert.True(_irq8.Level);
        Assert.Equal(0xC0, Get(0x0C) & 0xF0);
        Assert.False(_irq8.Level);
        Assert.Equal(0x00, Get(0x0C));
        _clock.NowNs = _rtc.NextEventNs;
        _rtc.Advance(_clock.NowNs);
        Assert.Equal(2, _irq8.RisingEdges);
    }

    [Fact]
    public void Update_ended_interrupt_comes_at_each_second_boundary()
    {
        Set(0x0B, 0x12);
        Assert.Equal(1_000_000_000, _rtc.NextEventNs);
        _clock.NowNs = 999_999_999;
        _rtc.Advance(_clock.NowNs);
        Assert.False(_irq8.Level);
        _clock.NowNs = 1_000_000_000;
        _rtc.Advance(_clock.NowNs);
        Assert.True(_irq8.Level);
        Assert.Equal(0x90, Get(0x0C) & 0xB0); // IRQF and UF (PF runs too, without its interrupt)
    }

    [Fact]
    public void Alarm_interrupt_fires_when_the_time_matches()
    {
        Set(0x01, 0x05);
        Set(0x03, 0x00);
        Set(0x05, 0x00);
        Set(0x0B, 0x22);
        _clock.AdvanceMs(6_000); // 00:00:04
        _rtc.Advance(_clock.NowNs);
        Assert.False(_irq8.Level);
        _clock.AdvanceMs(1_000); // 00:00:05
        _rtc.Advance(_clock.NowNs);
        Assert.True(_irq8.Level);
        Assert.Equal(0x20, Get(0x0C) & 0x20);
    }

    [Fact]
    public void Disabled_interrupt_flags_show_in_c_without_irq()
    {
        Set(0x0A, 0x26);
        _clock.AdvanceMs(2_000); // crosses 00:00:00, which the alarm bytes (all 0) also match
        Assert.Equal(0x70, Get(0x0C));
        Assert.Equal(0, _irq8.RisingEdges);
    }

    [Fact]
    public void Standard_cmos_bytes_describe_drives_memory_and_checksum()
    {
        Assert.Equal(0x42, Get(0x10));
        Assert.Equal(0x41, Get(0x14));
        Assert.Equal(0x80, Get(0x15));
        Assert.Equal(0x02, Get(0x16));
        Assert.Equal(0x00, Get(0x17));
        Assert.Equal(0x0C, Get(0x18));
        Assert.Equal(0x0C, Get(0x31));
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) sum += Get(i);
        Assert.Equal(sum, Get(0x2E) << 8 | Get(0x2F));
        Assert.Equal(0x80, Get(0x0D));
    }

    [Fact]
    public void Index_bit_7_masks_nmi_and_selects_the_low_seven_bits()
    {
        _rtc.Write(0x70, 0x8F);
        Assert.True(_rtc.NmiMasked);
        _rtc.Write(0x71, 0x0A);
        Assert.Equal(0x0A, Get(0x0F));
        Assert.False(_rtc.NmiMasked);
    }

    [Fact]
    public void Same_clock_gives_the_same_time_on_every_run()
    {
        var clock = new FakeClock { NowNs = 0 };
        var a = new Rtc146818(clock, Start);
        var b = new Rtc146818(clock, Start);
        clock.AdvanceMs(123_456);
        Assert.Equal(a.Now, b.Now);
        Assert.Equal(Start.AddMilliseconds(123_456), a.Now);
    }
}
