using Concord.Devices.Calendar;

namespace Concord.Devices.Tests.Calendar;

public sealed class Upd1990aTests
{
    private readonly FakeClock _clock = new();
    private readonly Upd1990a _rtc;

    public Upd1990aTests() => _rtc = new Upd1990a(_clock, new DateTime(2024, 2, 29, 23, 59, 58));

    private void Command(int command)
    {
        _rtc.Write(Upd1990a.Port, (byte)command);
        _rtc.Write(Upd1990a.Port, (byte)(command | 0x08));
        _rtc.Write(Upd1990a.Port, (byte)command);
    }

    private ulong ShiftOut()
    {
        Command(1);
        ulong value = 0;
        for (int bit = 0; bit < Upd1990a.RegisterBits; bit++)
        {
            if (_rtc.DataOut) value |= 1UL << bit;
            _rtc.Write(Upd1990a.Port, 0x11);
            _rtc.Write(Upd1990a.Port, 0x01);
        }
        return value;
    }

    private void ShiftIn(ulong value)
    {
        Command(1);
        for (int bit = 0; bit < Upd1990a.RegisterBits; bit++)
        {
            byte data = (byte)((value >> bit & 1) != 0 ? 0x20 : 0);
            _rtc.Write(Upd1990a.Port, (byte)(0x01 | data));
            _rtc.Write(Upd1990a.Port, (byte)(0x11 | data));
            _rtc.Write(Upd1990a.Port, (byte)(0x01 | data));
        }
    }

    [Fact]
    public void Time_read_then_40_clocks_give_seconds_minutes_hours_day_weekday_and_month_first_bit_first()
    {
        Command(3);
        // 23:59:58 on Thursday 29 February: BCD 58 59 23 29, weekday 4, month 2
        Assert.Equal(0x2_4_29_23_59_58UL, ShiftOut());
    }

    [Fact]
    public void The_time_counts_with_the_clock()
    {
        _clock.AdvanceMs(3000);
        Command(3);
        Assert.Equal(Upd1990a.Encode(new DateTime(2024, 3, 1, 0, 0, 1)), ShiftOut());
    }

    [Fact]
    public void Time_set_takes_the_shift_register_and_keeps_the_year()
    {
        ShiftIn(Upd1990a.Encode(new DateTime(2024, 12, 24, 18, 30, 0)));
        Command(2);
        _clock.AdvanceMs(61_000);
        Assert.Equal(new DateTime(2024, 12, 24, 18, 31, 1), _rtc.Now.AddTicks(-(_rtc.Now.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Clock_pulses_outside_shift_mode_move_nothing()
    {
        Command(3);
        ulong loaded = _rtc.ShiftRegister;
        Command(0);
        _rtc.Write(Upd1990a.Port, 0x10);
        _rtc.Write(Upd1990a.Port, 0x00);
        Assert.Equal(loaded, _rtc.ShiftRegister);
    }

    [Fact]
    public void A_time_set_to_nonsense_keeps_the_time()
    {
        ShiftIn(0xFF_FF_FF_FF_FFUL);
        Command(2);
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58), _rtc.Now);
    }
}
