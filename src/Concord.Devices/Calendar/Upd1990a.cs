using Concord.Devices.Bus;

namespace Concord.Devices.Calendar;

/// <summary>
/// NEC uPD1990A calendar clock, as the PC-98 wires it: its inputs are the bits of write-only port
/// 20h (bits 0-2 the command C0-C2, bit 3 STB, bit 4 CLK, bit 5 DATA IN), its DATA OUT is read as
/// bit 0 of the system port's port B (33h, <see cref="DataOut"/>). No interrupt line is used.
/// </summary>
/// <remarks>
/// <para>The time counts from a start date with the machine's <see cref="IClock"/>. A command is
/// latched while STB is high: 0 register hold, 1 register shift, 2 time set (the shift register
/// becomes the time), 3 time read (the time goes into the shift register). The 40-bit shift register
/// holds, from its first bit out: seconds, minutes, hours and day as two BCD digits each, the day
/// of the week (0 = Sunday) in 4 bits and the month (1-12) in 4 binary bits. In shift mode every
/// rising edge of CLK moves it one bit towards DATA OUT, DATA IN entering at the far end.</para>
/// <para>The chip keeps no year: a PC-98 keeps it in memory switch 8 of the text VRAM. A time set
/// keeps the year the clock had (the day of the week given is not checked). Limitations: the
/// timing-pulse commands (4-7) and the 1 Hz output of hold mode are not modelled (DATA OUT then
/// shows the register's first bit).</para>
/// </remarks>
public sealed class Upd1990a : IPortDevice
{
    public const ushort Port = 0x20;
    public const int RegisterBits = 40;

    private const byte CommandMask = 0x07;
    private const byte Strobe = 0x08;
    private const byte Clock = 0x10;
    private const byte DataIn = 0x20;

    private readonly IClock _clock;
    private readonly DateTime _start;
    private TimeSpan _offset;
    private ulong _register;
    private byte _last;
    private int _command;

    /// <param name="clock">The machine's clock.</param>
    /// <param name="start">The date and time at clock zero.</param>
    public Upd1990a(IClock clock, DateTime start)
    {
        _clock = clock;
        _start = start;
    }

    /// <summary>The chip's DATA OUT pin: the shift register's first bit.</summary>
    public bool DataOut => (_register & 1) != 0;

    /// <summary>The latched command (0-7).</summary>
    public int Command => _command;

    /// <summary>The time the chip counts now.</summary>
    public DateTime Now => _start + _offset + TimeSpan.FromTicks(_clock.NowNs / 100);

    /// <summary>The 40-bit shift register.</summary>
    public ulong ShiftRegister => _register;

    public byte Read(ushort port) => 0xFF; // write-only

    public void Write(ushort port, byte value)
    {
        if (port != Port) return;
        byte rising = (byte)(value & ~_last);
        _last = value;
        if ((value & Strobe) != 0)
        {
            if ((rising & Strobe) != 0) Execute(value & CommandMask);
        }
        else if ((rising & Clock) != 0 && _command == 1)
        {
            _register >>= 1;
            if ((value & DataIn) != 0) _register |= 1UL << (RegisterBits - 1);
        }
    }

    private void Execute(int command)
    {
        _command = command;
        switch (command)
        {
            case 2: SetTime(); break;
            case 3: _register = Encode(Now); break;
        }
    }

    /// <summary>The shift register's contents for a time.</summary>
    public static ulong Encode(DateTime t) =>
        Bcd(t.Second) | (ulong)Bcd(t.Minute) << 8 | (ulong)Bcd(t.Hour) << 16 | (ulong)Bcd(t.Day) << 24
        | (ulong)(int)t.DayOfWeek << 32 | (ulong)t.Month << 36;

    private void SetTime()
    {
        DateTime now = Now;
        int second = FromBcd(_register), minute = FromBcd(_register >> 8), hour = FromBcd(_register >> 16);
        int day = FromBcd(_register >> 24), month = (int)(_register >> 36 & 0x0F);
        if (second > 59 || minute > 59 || hour > 23 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(now.Year, month))
            return; // the chip would count nonsense; keep the time as it was
        var set = new DateTime(now.Year, month, day, hour, minute, second);
        _offset += set - now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    private static byte Bcd(int value) => (byte)(value / 10 << 4 | value % 10);

    private static int FromBcd(ulong value) => (int)(value >> 4 & 0x0F) * 10 + (int)(value & 0x0F);
}
