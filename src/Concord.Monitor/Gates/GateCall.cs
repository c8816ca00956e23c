using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// One call in progress, made by <see cref="Caller"/> at <see cref="Level"/> (0: its own code, 1:
/// the handler of a call it serves). Each VM owns one per level, reused for every call: no
/// allocation per call.
/// </summary>
internal sealed class GateCall(GateVm caller, int level)
{
    public GateVm Caller { get; } = caller;

    public int Level { get; } = level;

    public Gate Gate { get; set; } = null!;

    public GateVm Callee { get; set; } = null!;

    /// <summary>CS:IP of the caller's INT.</summary>
    public CsIp At { get; set; }

    /// <summary>AH of the caller's registers: the function asked for (DOS allows some of them only at certain safe points).</summary>
    public byte Function { get; set; }

    public CallPhase Phase { get; set; }

    /// <summary>Virtual time when the call started to wait.</summary>
    public long WaitingSince { get; set; }

    /// <summary>Virtual time when the callee's handler was entered.</summary>
    public long EnteredAt { get; set; }
}
