using Concord.Devices.Bus;
using Concord.Devices.Floppy;

namespace Concord.Devices.Cmos;

/// <summary>
/// Motorola MC146818 real-time clock with the AT's 128 bytes of CMOS RAM: index port 70h (bit 7
/// masks NMI), data port 71h, IRQ 8.
/// </summary>
/// <remarks>
/// <para>The time is the start date and time given at construction plus the machine's
/// <see cref="IClock"/>, so a virtual clock gives the same dates on every run. Registers 00h-09h
/// read in BCD or binary and in 24- or 12-hour form as status B says; writing them sets the clock
/// (the day of week is always computed from the date, writes to it are ignored); SET in status B
/// stops the clock while it is set. Status A: UIP in the last 244 us of each second, the
/// periodic rate (RS); status B: PIE, AIE, UIE, SQWE, DM, 24/12, DSE (stored only); status C: the
/// flags, cleared with the IRQ when read; status D: valid RAM and time.</para>
/// <para>Periodic, alarm and update-ended interrupts raise IRQ 8; the chip is an
/// <see cref="ITimedDevice"/> whose next event is the next periodic tick or second boundary whose
/// interrupt is enabled. Flags of disabled interrupts are brought up to date when C is read.</para>
/// <para>The CMOS bytes 10h (diskette types), 14h (equipment), 15h-18h and 30h-31h (memory) come
/// from <see cref="CmosSettings"/>, with the checksum of 10h-2Dh at 2Eh-2Fh; 32h is the century
/// (BCD), read from the clock. Limitations: no daylight saving changes, no square wave output,
/// divider values other than 32.768 kHz are stored but the clock keeps running.</para>
/// </remarks>
public sealed class Rtc146818 : IPortDevice, ITimedDevice
{
    public const ushort IndexPort = 0x70;
    public const ushort DataPort = 0x71;
    public const int DefaultIrq = 8;
    public const long UpdateInProgressNs = 244_000;
    private const long SecondNs = 1_000_000_000;
    private const long TimeBaseHz = 32_768;

    private readonly IClock _clock;
    private readonly IIrqLine? _irq8;
    private readonly byte[] _ram = new byte[128];
    private byte _index;
    private DateTime _baseTime;
    private long _baseNs;
    private long _lastProcessedNs;
    private bool _irqLevel;

    /// <param name="clock">The machine's clock.</param>
    /// <param name="start">The date and time at clock zero.</param>
    /// <param name="irq8">IRQ 8 of the PIC; optional.</param>
    /// <param name="settings">The CMOS setup bytes; defaults to one 1.44M drive, 640 KiB.</param>
    public Rtc146818(IClock clock, DateTime start, IIrqLine? irq8 = null, CmosSettings? settings = null)
    {
        _clock = clock;
        _irq8 = irq8;
        _baseTime = start;
        _baseNs = clock.NowNs;
        _lastProcessedNs = _baseNs;
        _ram[(int)CmosRegister.StatusA] = (byte)RtcStatusA.Divider32Khz | 0x06;
        _ram[(int)CmosRegister.StatusB] = (byte)RtcStatusB.Hour24;
        _ram[(int)CmosRegister.StatusD] = 0x80;
        Apply(settings ?? new CmosSettings());
    }

    /// <summary>The NMI mask bit of the last index write (bit 7 of port 70h).</summary>
    public bool NmiMasked { get; private set; }

    public byte SelectedIndex => _index;

    /// <summary>The clock's date and time now.</summary>
    public DateTime Now => Frozen ? _baseTime : _baseTime.AddTicks((_clock.NowNs - _baseNs) / 100);

    private bool Frozen => (StatusB & RtcStatusB.Set) != 0;

    private RtcStatusB StatusB => (RtcStatusB)_ram[(int)CmosRegister.StatusB];

    private bool Binary => (StatusB & RtcStatusB.BinaryMode) != 0;

    /// <summary>Writes the setup bytes and the checksum.</summary>
    public void Apply(CmosSettings settings)
    {
        _ram[(int)CmosRegister.DisketteTypes] = (byte)((int)settings.DriveA << 4 | (int)settings.DriveB);
        int drives = (settings.DriveA != FloppyDriveType.None ? 1 : 0) + (settings.DriveB != FloppyDriveType.None ? 1 : 0);
        int equipment = drives > 0 ? (drives - 1) << 6 | 0x01 : 0; // bits 5-4 = 00: EGA/VGA display
        if (settings.MathCoprocessor) equipment |= 0x02;
        _ram[(int)CmosRegister.Equipment] = (byte)equipment;
        _ram[(int)CmosRegister.BaseMemoryLow] = (byte)settings.BaseMemoryKb;
        _ram[(int)CmosRegister.BaseMemoryHigh] = (byte)(settings.BaseMemoryKb >> 8);
        _ram[(int)CmosRegister.ExtendedMemoryLow] = _ram[(int)CmosRegister.ActualExtendedMemoryLow] = (byte)settings.ExtendedMemoryKb;
        _ram[(int)CmosRegister.ExtendedMemoryHigh] = _ram[(int)CmosRegister.ActualExtendedMemoryHigh] = (byte)(settings.ExtendedMemoryKb >> 8);
        UpdateChecksum();
    }

    /// <summary>Recomputes the checksum at 2Eh (high) and 2Fh (low): the sum of bytes 10h-2Dh.</summary>
    public void UpdateChecksum()
    {
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) sum += _ram[i];
        _ram[(int)CmosRegister.ChecksumHigh] = (byte)(sum >> 8);
        _ram[(int)CmosRegister.ChecksumLow] = (byte)sum;
    }

    public byte Read(ushort port)
    {
        if (port == IndexPort) return 0xFF; // write-only on the AT
        return ReadRegister(_index);
    }

    public void Write(ushort port, byte value)
    {
        if (port == IndexPort)
        {
            _index = (byte)(value & 0x7F);
            NmiMasked = (value & 0x80) != 0;
            return;
        }
        WriteRegister(_index, value);
    }

    /// <summary>A register as the guest reads it through 71h.</summary>
    public byte ReadRegister(int index)
    {
        long now = _clock.NowNs;
        switch ((CmosRegister)index)
        {
            case CmosRegister.Seconds: return Encode(Now.Second);
            case CmosRegister.Minutes: return Encode(Now.Minute);
            case CmosRegister.Hours: return EncodeHour(Now.Hour);
            case CmosRegister.DayOfWeek: return Encode((int)Now.DayOfWeek + 1);
            case CmosRegister.DayOfMonth: return Encode(Now.Day);
            case CmosRegister.Month: return Encode(Now.Month);
            case CmosRegister.Year: return Encode(Now.Year % 100);
            case CmosRegister.Century: return ToBcd(Now.Year / 100);
            case CmosRegister.StatusA:
                byte a = (byte)(_ram[index] & 0x7F);
                if (!Frozen && SubSecondNs(now) >= SecondNs - UpdateInProgressNs) a |= (byte)RtcStatusA.UpdateInProgress;
                return a;
            case CmosRegister.StatusC:
                Process(now);
                byte c = _ram[index];
                _ram[index] = 0;
                UpdateIrq();
                return c;
            default:
                return _ram[index];
        }
    }

    /// <summary>A register as the guest writes it through 71h.</summary>
    public void WriteRegister(int index, byte value)
    {
        long now = _clock.NowNs;
        Process(now);
        switch ((CmosRegister)index)
        {
            case CmosRegister.Seconds: SetTime(t => Rebuild(t, second: Decode(value))); break;
            case CmosRegister.Minutes: SetTime(t => Rebuild(t, minute: Decode(value))); break;
            case CmosRegister.Hours: SetTime(t => Rebuild(t, hour: DecodeHour(value))); break;
            case CmosRegister.DayOfWeek: break;
            case CmosRegister.DayOfMonth: SetTime(t => Rebuild(t, day: Decode(value))); break;
            case CmosRegister.Month: SetTime(t => Rebuild(t, month: Decode(value))); break;
            case CmosRegister.Year: SetTime(t => Rebuild(t, year: t.Year / 100 * 100 + Decode(value))); break;
            case CmosRegister.Century: SetTime(t => Rebuild(t, year: FromBcd(value) * 100 + t.Year % 100)); break;
            case CmosRegister.StatusA:
                _ram[index] = (byte)(value & 0x7F);
                break;
            case CmosRegister.StatusB:
                bool wasFrozen = Frozen;
                if (!wasFrozen && (value & (byte)RtcStatusB.Set) != 0) _baseTime = Now; // stop the clock
                if ((value & (byte)RtcStatusB.Set) != 0) value &= unchecked((byte)~RtcStatusB.UpdateEndedInterruptEnable);
                _ram[index] = value;
                if (wasFrozen && !Frozen) _baseNs = now; // run again from the time written
                UpdateIrq();
                break;
            case CmosRegister.StatusC:
            case CmosRegister.StatusD:
                break; // read-only
            default:
                _ram[index] = value;
                break;
        }
    }

    public long NextEventNs
    {
        get
        {
            var b = StatusB;
            long next = long.MaxValue;
            long now = _lastProcessedNs;
            if ((b & RtcStatusB.PeriodicInterruptEnable) != 0 && PeriodTicks() is long p and > 0)
                next = TicksToNs((NsToTicks(now) / p + 1) * p);
            if ((b & (RtcStatusB.UpdateEndedInterruptEnable | RtcStatusB.AlarmInterruptEnable)) != 0 && !Frozen)
                next = Math.Min(next, now + SecondNs - SubSecondNs(now));
            return next;
        }
    }

    public void Advance(long nowNs) => Process(nowNs);

    private void Process(long now)
    {
        long last = _lastProcessedNs;
        if (now <= last) return;
        _lastProcessedNs = now;
        byte flags = _ram[(int)CmosRegister.StatusC];
        if (PeriodTicks() is long p and > 0 && NsToTicks(now) / p > NsToTicks(last) / p)
            flags |= (byte)RtcStatusC.PeriodicFlag;
        if (!Frozen)
        {
            long firstSecond = (last - _baseNs + SubSecondNs(_baseNs, _baseNs)) / SecondNs;
            long lastSecond = (now - _baseNs + SubSecondNs(_baseNs, _baseNs)) / SecondNs;
            if (lastSecond > firstSecond)
            {
                flags |= (byte)RtcStatusC.UpdateEndedFlag;
                for (long s = Math.Max(firstSecond + 1, lastSecond - 86_400); s <= lastSecond; s++)
                {
                    var at = _baseTime.AddTicks((s * SecondNs - SubSecondNs(_baseNs, _baseNs)) / 100);
                    if (AlarmMatches(at)) { flags |= (byte)RtcStatusC.AlarmFlag; break; }
                }
            }
        }
        _ram[(int)CmosRegister.StatusC] = flags;
        UpdateIrq();
    }

    private bool AlarmMatches(DateTime t)
    {
        // An alarm byte of C0h-FFh is "don't care".
        byte seconds = _ram[(int)CmosRegister.SecondsAlarm];
        byte minutes = _ram[(int)CmosRegister.MinutesAlarm];
        byte hours = _ram[(int)CmosRegister.HoursAlarm];
        return (seconds >= 0xC0 || Decode(seconds) == t.Second)
            && (minutes >= 0xC0 || Decode(minutes) == t.Minute)
            && (hours >= 0xC0 || DecodeHour(hours) == t.Hour);
    }

    private void UpdateIrq()
    {
        byte c = _ram[(int)CmosRegister.StatusC];
        byte enabled = (byte)((byte)StatusB & 0x70);
        bool request = (c & enabled & 0x70) != 0;
        if (request) c |= (byte)RtcStatusC.InterruptRequest;
        _ram[(int)CmosRegister.StatusC] = c;
        bool level = (c & (byte)RtcStatusC.InterruptRequest) != 0;
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq8?.Set(level);
    }

    /// <summary>The periodic rate in 32.768 kHz ticks, or 0 for none.</summary>
    private long PeriodTicks()
    {
        int rs = _ram[(int)CmosRegister.StatusA] & 0x0F;
        if (rs == 0) return 0;
        if (rs < 3) rs += 7; // rates 1 and 2 repeat rates 8 and 9
        return 1L << (rs - 1);
    }

    private static long NsToTicks(long ns) => ns / SecondNs * TimeBaseHz + ns % SecondNs * TimeBaseHz / SecondNs;

    private static long TicksToNs(long ticks) =>
        ticks / TimeBaseHz * SecondNs + (ticks % TimeBaseHz * SecondNs + TimeBaseHz - 1) / TimeBaseHz;

    /// <summary>How far into its current second the clock is at <paramref name="ns"/>.</summary>
    private long SubSecondNs(long ns) => SubSecondNs(ns, _baseNs);

    private long SubSecondNs(long ns, long baseNs)
    {
        long start = _baseTime.Ticks % TimeSpan.TicksPerSecond * 100;
        return (start + ns - baseNs) % SecondNs;
    }

    private void SetTime(Func<DateTime, DateTime> change)
    {
        _baseTime = change(Now);
        _baseNs = _clock.NowNs;
        _lastProcessedNs = _baseNs;
    }

    private static DateTime Rebuild(DateTime t, int? year = null, int? month = null, int? day = null, int? hour = null, int? minute = null, int? second = null)
    {
        int y = Math.Clamp(year ?? t.Year, 1, 9999);
        int mo = Math.Clamp(month ?? t.Month, 1, 12);
        int d = Math.Clamp(day ?? t.Day, 1, DateTime.DaysInMonth(y, mo));
        return new DateTime(y, mo, d, Math.Clamp(hour ?? t.Hour, 0, 23), Math.Clamp(minute ?? t.Minute, 0, 59),
            Math.Clamp(second ?? t.Second, 0, 59), t.Kind).AddTicks(t.Ticks % TimeSpan.TicksPerSecond);
    }

    private byte Encode(int value) => Binary ? (byte)value : ToBcd(value);

    private int Decode(byte value) => Binary ? value : FromBcd(value);

    private byte EncodeHour(int hour)
    {
        if ((StatusB & RtcStatusB.Hour24) != 0) return Encode(hour);
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        return (byte)(Encode(h12) | (hour >= 12 ? 0x80 : 0));
    }

    private int DecodeHour(byte value)
    {
        if ((StatusB & RtcStatusB.Hour24) != 0) return Decode(value);
        int h12 = Decode((byte)(value & 0x7F)) % 12;
        return (value & 0x80) != 0 ? h12 + 12 : h12;
    }

    private static byte ToBcd(int value) => (byte)(value / 10 % 10 << 4 | value % 10);

    private static int FromBcd(byte value) => (value >> 4) * 10 + (value & 0x0F);
}
