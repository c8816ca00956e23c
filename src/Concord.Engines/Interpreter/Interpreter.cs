using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines.Interpreter;

/// <summary>
/// The portable x86 real-mode interpreter, engine name <c>interp</c>: an 8086 or an 80286 in real
/// mode, deterministic, one vCPU per instance. Memory is read through the <see cref="MemoryMap"/>'s
/// page tables; port I/O and interrupt acknowledge call the host interfaces given here.
/// </summary>
/// <remarks>
/// Budgets count instructions; a REP iteration counts as one, and a halted vCPU that idles (with
/// <see cref="ExitOnHalt"/> off) consumes the rest of its budget as time. See docs/interpreter.md.
/// </remarks>
public sealed class Interpreter : IVcpu
{
    public const string EngineName = "interp";

    private readonly InterpreterCore _core;

    public Interpreter(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(io);
        Model = options.Model;
        _core = options.Model switch
        {
            CpuModel.I8086 => new InterpreterCore<Model8086>(options, memory, io, interrupts),
            CpuModel.I80286 => new InterpreterCore<Model80286>(options, memory, io, interrupts),
            CpuModel.I80386 => new I386.Core386(options, memory, io, interrupts),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Model, $"valid CPU models: {CpuModels.ValidNames}"),
        };
    }

    public CpuModel Model { get; }

    public string Engine => EngineName;

    public ExitInfo LastExit => _core.LastExit;

    public long InstructionCount => _core.InstructionCount;

    /// <summary>Read-only; costs nothing on the hot path.</summary>
    public (ushort Cs, ushort Ip) CurrentInstruction => _core.CurrentInstruction;

    public bool ExitOnHalt
    {
        get => _core.ExitOnHalt;
        set => _core.ExitOnHalt = value;
    }

    public RunResult Run(long budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        return _core.Run(budget);
    }

    public RunResult Step() => _core.Step();

    public CpuState GetState() => _core.GetState();

    public void SetState(in CpuState state) => _core.SetState(state);

    public void SetIntr(bool asserted) => _core.SetIntr(asserted);

    public void RaiseNmi() => _core.RaiseNmi();

    public void InjectInterrupt(byte vector) => _core.InjectInterrupt(vector);

    public void WatchVector(byte vector, bool watched) => _core.WatchVector(vector, watched);

    public void DeliverInterrupt(byte vector) => _core.DeliverInterrupt(vector);

    public void AddStub(uint address) => _core.AddStub(address);

    public void RemoveStub(uint address) => _core.RemoveStub(address);

    public void RequestStop() => _core.RequestStop();
}
