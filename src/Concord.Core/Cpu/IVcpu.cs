namespace Concord.Core.Cpu;

/// <summary>
/// One virtual CPU, as every engine provides it. The monitor runs it for a budget of instructions;
/// the vCPU returns on the first <see cref="ExitReason"/> that needs the monitor. Port I/O and
/// interrupt acknowledge go to the host interfaces given at construction.
/// </summary>
public interface IVcpu
{
    CpuModel Model { get; }

    /// <summary>Runs at most <paramref name="budget"/> instructions (a REP iteration counts as one).</summary>
    RunResult Run(long budget);

    /// <summary>Details of the exit that ended the last <see cref="Run"/>.</summary>
    ExitInfo LastExit { get; }

    /// <summary>Instructions executed since the vCPU was made.</summary>
    long InstructionCount { get; }

    CpuState GetState();
    void SetState(in CpuState state);

    /// <summary>The level of the INTR pin (the PIC's output). Taken at an instruction boundary when IF=1.</summary>
    void SetIntr(bool asserted);

    /// <summary>Raises NMI (edge): INT 2 at the next instruction boundary, whatever IF says.</summary>
    void RaiseNmi();

    /// <summary>Queues an external interrupt with a known vector, taken at the next boundary with IF=1.</summary>
    void InjectInterrupt(byte vector);

    /// <summary>Makes INT n on <paramref name="vector"/> exit to the monitor instead of going through the IVT.</summary>
    void WatchVector(byte vector, bool watched);

    /// <summary>
    /// Delivers a software interrupt through the interrupt table as INT n would, from the current
    /// CS:IP (used to let a watched INT proceed).
    /// </summary>
    void DeliverInterrupt(byte vector);

    /// <summary>Registers a monitor stub: a HLT executed at this physical address exits with <see cref="ExitReason.StubHit"/>.</summary>
    void AddStub(uint address);
    void RemoveStub(uint address);

    /// <summary>Ends the current <see cref="Run"/> after the instruction in progress (callable from port callbacks).</summary>
    void RequestStop();

    /// <summary>Whether HLT with IF=1 returns from <see cref="Run"/> (<c>true</c>) or the vCPU idles in place until the budget ends.</summary>
    bool ExitOnHalt { get; set; }
}
