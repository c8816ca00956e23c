namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// DOS dates and times as directory entries store them: the date as (year - 1980) &lt;&lt; 9 | month &lt;&lt; 5 | day,
/// the time as hour &lt;&lt; 11 | minute &lt;&lt; 5 | seconds / 2. Local time, no time zone; 1980-01-01 to 2107-12-31.
/// </summary>
public static class FatTimestamp
{
    public static readonly DateTime Earliest = new(1980, 1, 1, 0, 0, 0);
    public static readonly DateTime Latest = new(2107, 12, 31, 23, 59, 58);

    /// <summary>The (date, time) words of <paramref name="when"/>, clamped to the DOS range; odd seconds round down.</summary>
    public static (ushort Date, ushort Time) Encode(DateTime when)
    {
        if (when < Earliest) when = Earliest;
        if (when > Latest) when = Latest;
        ushort date = (ushort)(((when.Year - 1980) << 9) | (when.Month << 5) | when.Day);
        ushort time = (ushort)((when.Hour << 11) | (when.Minute << 5) | (when.Second / 2));
        return (date, time);
    }

    /// <summary>The moment stored in <paramref name="date"/> and <paramref name="time"/>, or null when they are no valid date (e.g. zero).</summary>
    public static DateTime? Decode(ushort date, ushort time)
    {
        int year = 1980 + (date >> 9), month = (date >> 5) & 0x0F, day = date & 0x1F;
        int hour = time >> 11, minute = (time >> 5) & 0x3F, second = (time & 0x1F) * 2;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return null;
        return new DateTime(year, month, day, hour, minute, second);
    }
}
