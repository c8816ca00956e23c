namespace Concord.Core.Cpu;

/// <summary>
/// One virtual CPU, as every engine provides it (<c>Concord.Engines.EngineFactory</c> makes them).
/// The monitor runs it for a budget of instructions; the vCPU returns on the first
/// <see cref="ExitReason"/> that needs the monitor. Port I/O and interrupt acknowledge go to the
/// host interfaces given at construction. Everything the monitor uses of a vCPU is here, so an
/// engine plugs in without the monitor knowing which one it is.
/// </summary>
/// <remarks>
/// Every engine gives the same results for the same program: the same guest state and the same
/// <see cref="InstructionCount"/> at every exit and inside every port callback (the virtual clock is
/// derived from it, so the clock, traces and screens are the same whichever engine runs).
/// </remarks>
public interface IVcpu
{
    CpuModel Model { get; }

    /// <summary>The engine's name as machine files spell it (<see cref="EngineKinds"/>), e.g. "interp".</summary>
    string Engine { get; }

    /// <summary>Runs at most <paramref name="budget"/> instructions (a REP iteration counts as one).</summary>
    RunResult Run(long budget);

    /// <summary>
    /// Executes exactly one whole instruction, prefixes included: a REP string instruction runs all
    /// its iterations, a fault or divide error is delivered as part of it. For tests and debuggers.
    /// </summary>
    RunResult Step();

    /// <summary>Details of the exit that ended the last <see cref="Run"/>.</summary>
    ExitInfo LastExit { get; }

    /// <summary>
    /// Instructions executed since the vCPU was made (a REP iteration counts as one). Exact at
    /// every exit and inside port callbacks, where it counts the instruction making the access.
    /// </summary>
    long InstructionCount { get; }

    /// <summary>
    /// CS:IP where the instruction in progress started: inside a port callback, the IN or OUT that
    /// made the access (the monitor attributes trapped accesses with it); between runs, the next
    /// instruction.
    /// </summary>
    (ushort Cs, ushort Ip) CurrentInstruction { get; }

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
