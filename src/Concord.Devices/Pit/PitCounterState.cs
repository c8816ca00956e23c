using System.Runtime.InteropServices;

namespace Concord.Devices.Pit;

/// <summary>
/// One 8254 counter as plain data. The counting element is not stored tick by tick: it is derived
/// from <see cref="StartTick"/> and <see cref="StartCount"/> whenever it is read.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct PitCounterState
{
    /// <summary>0-5.</summary>
    public byte Mode;
    /// <summary>1 low byte, 2 high byte, 3 low then high.</summary>
    public byte Access;
    public bool Bcd;
    /// <summary>The count register: the initial count, 1-65536 (10000 in BCD; 0 is written for the maximum).</summary>
    public int Reload;
    /// <summary>A count written while counting in mode 2 or 3, taken at the end of the current period.</summary>
    public int PendingReload;
    public long PendingFromTick;
    /// <summary>Counting has started (a count was written; in modes 1 and 5, the gate was also triggered).</summary>
    public bool Armed;
    /// <summary>A count waits for its gate trigger (modes 1 and 5).</summary>
    public bool CountWritten;
    /// <summary>Tick at which the counting element held <see cref="StartCount"/> (modes 0, 1, 4, 5) or a period began (2, 3).</summary>
    public long StartTick;
    public int StartCount;
    /// <summary>Counting suspended by a low gate (modes 0, 2, 3, 4); <see cref="FrozenCount"/> holds the element.</summary>
    public bool Frozen;
    public int FrozenCount;
    /// <summary>Terminal count already passed (modes 0, 1, 4, 5 are one-shot).</summary>
    public bool Terminal;
    public bool Gate;
    public bool NullCount;
    public bool WriteHighNext;
    public byte WriteLow;
    public bool ReadHighNext;
    /// <summary>Latched count and how many of its bytes remain to be read (0 = not latched).</summary>
    public int Latched;
    public byte LatchedBytes;
    public bool LatchedHighNext;
    public bool StatusLatched;
    public byte LatchedStatus;
}
