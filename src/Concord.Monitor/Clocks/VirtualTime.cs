namespace Concord.Monitor.Clocks;

/// <summary>The virtual clock's defaults: what a machine's time is made of when nothing says otherwise.</summary>
public static class VirtualTime
{
    /// <summary>The nanoseconds of virtual time one instruction takes: 100 ns, a 10 MIPS machine.</summary>
    public const long DefaultNsPerInstruction = 100;

    /// <summary>The date and time the CMOS clock starts from with the virtual clock (a fixed date, for reproducible runs).</summary>
    public static readonly DateTime DefaultStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
}
