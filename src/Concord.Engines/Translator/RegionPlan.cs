namespace Concord.Engines.Translator;

/// <summary>
/// A region ready to compile: its instructions (in address order) and what the planner worked out
/// about them: the control-flow edges inside the region, the entries, the loop heads where the
/// budget is checked, the basic blocks, the longest run of instructions after each check, and the
/// lazy flag state before each instruction. Immutable once made, so a compile thread can read it.
/// </summary>
internal sealed class RegionPlan
{
    public required ushort Cs { get; init; }

    /// <summary>The offset the region was planned from (where the vCPU was found in hot code); not necessarily an entry.</summary>
    public required ushort Seed { get; init; }

    public required bool Is286 { get; init; }

    public required GuestInstruction[] Instructions { get; init; }

    /// <summary>Per instruction: the instructions inside the region control can go to next (direct edges; indirect ones are in <see cref="IndirectTargets"/>).</summary>
    public required int[][] Successors { get; init; }

    /// <summary>Per indirect jump, call or return: the entries it may reach without leaving the region (else empty).</summary>
    public required int[][] IndirectTargets { get; init; }

    /// <summary>The instructions the region can be entered at, in entry-number order.</summary>
    public required int[] Entries { get; init; }

    /// <summary>Per instruction: its entry number, or -1.</summary>
    public required int[] EntryNumber { get; init; }

    /// <summary>Per instruction: it starts a basic block.</summary>
    public required bool[] IsLeader { get; init; }

    /// <summary>Per instruction: a loop head, where the budget is checked before the block runs.</summary>
    public required bool[] IsCheckSite { get; init; }

    /// <summary>Per instruction: the most instructions compiled code can run from it before the next check or exit.</summary>
    public required int[] PathLength { get; init; }

    /// <summary>Per instruction: the lazy flag state before it (a <see cref="FlagKind"/> or <see cref="FlagEffects.Dynamic"/>).</summary>
    public required int[] FlagsBefore { get; init; }

    /// <summary>Per instruction: it follows a segment load that holds interrupts off, which is its only way in.</summary>
    public required bool[] AfterShadow { get; init; }

    /// <summary>The guest bytes the region was translated from, per run of contiguous linear addresses.</summary>
    public required (uint Linear, byte[] Bytes)[] Code { get; init; }

    /// <summary>The offsets of <see cref="Instructions"/>, ascending.</summary>
    public required ushort[] Ips { get; init; }

    /// <summary>The index of the instruction at <paramref name="ip"/>, or -1.</summary>
    public int IndexOf(ushort ip)
    {
        int i = Array.BinarySearch(Ips, ip);
        return i < 0 ? -1 : i;
    }
}
