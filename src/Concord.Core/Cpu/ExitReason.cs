namespace Concord.Core.Cpu;

/// <summary>Why <see cref="IVcpu.Run"/> returned. Everything a guest can cause is one of these, never an exception.</summary>
public enum ExitReason
{
    /// <summary>The instruction budget is spent; the guest can simply be run again.</summary>
    BudgetSpent,

    /// <summary>HLT with interrupts disabled, or HLT while <see cref="IVcpu.Run"/> was asked to return on HLT.</summary>
    Halted,

    /// <summary>A HLT at a registered monitor stub address executed (<see cref="ExitInfo.Address"/>).</summary>
    StubHit,

    /// <summary>An INT n on a watched vector, not yet delivered; IP points after the INT (<see cref="ExitInfo.Vector"/>).</summary>
    WatchedInterrupt,

    /// <summary>An opcode the model does not execute, under the <see cref="InvalidOpcodePolicy.Exit"/> policy.</summary>
    InvalidOpcode,

    /// <summary>The CPU cannot go on (a fault while delivering a fault, or an unsupported mode switch).</summary>
    Shutdown,

    /// <summary>A host callback asked the vCPU to stop (<see cref="IVcpu.RequestStop"/>), e.g. a debug-exit port.</summary>
    StopRequested,
}

/// <summary>What happens when the CPU meets an opcode it does not execute.</summary>
public enum InvalidOpcodePolicy
{
    /// <summary>As the hardware does: #UD (INT 6) on the 80286. The 8086 has no #UD, so there it exits.</summary>
    Fault,

    /// <summary>Stop the vCPU with <see cref="ExitReason.InvalidOpcode"/>, for the monitor to report.</summary>
    Exit,
}

/// <summary>The details of the last exit: where it happened and what it was about.</summary>
public readonly record struct ExitInfo(ExitReason Reason, ushort Cs, ushort Ip, uint Address, byte Vector)
{
    public override string ToString() => Reason switch
    {
        ExitReason.StubHit => $"stub hit at {Address:X5}h",
        ExitReason.WatchedInterrupt => $"INT {Vector:X2}h at {Cs:X4}:{Ip:X4}",
        ExitReason.InvalidOpcode => $"invalid opcode at {Cs:X4}:{Ip:X4}",
        ExitReason.Shutdown => $"shutdown at {Cs:X4}:{Ip:X4}",
        _ => $"{Reason} at {Cs:X4}:{Ip:X4}",
    };
}

/// <summary>The result of one <see cref="IVcpu.Run"/>: why it stopped and how many instructions ran.</summary>
public readonly record struct RunResult(ExitReason Reason, long Executed);
