namespace Concord.Devices.Pit;

/// <summary>The bits of the read-back command (control word with SC1 SC0 = 11).</summary>
[Flags]
public enum PitReadBack : byte
{
    Counter0 = 0x02,
    Counter1 = 0x04,
    Counter2 = 0x08,
    /// <summary>STATUS (active low): latch the status of the selected counters.</summary>
    NoStatus = 0x10,
    /// <summary>COUNT (active low): latch the count of the selected counters.</summary>
    NoCount = 0x20,
}
