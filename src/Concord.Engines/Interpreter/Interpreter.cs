using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines.Interpreter;

/// <summary>STUB (being written): the portable x86 real-mode interpreter, engine name <c>interp</c>.</summary>
public sealed class Interpreter : IVcpu
{
    public const string EngineName = "interp";

    public Interpreter(InterpreterOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts = null)
    {
        Model = options.Model;
    }

    public CpuModel Model { get; }
    public ExitInfo LastExit => default;
    public long InstructionCount => 0;
    public bool ExitOnHalt { get; set; } = true;
    public RunResult Run(long budget) => throw new NotImplementedException();

    /// <summary>
    /// Executes exactly one whole instruction, prefixes included: a REP string instruction runs all
    /// its iterations, a fault or divide error is delivered as part of it. For tests and debuggers.
    /// </summary>
    public RunResult Step() => throw new NotImplementedException();
    public CpuState GetState() => default;
    public void SetState(in CpuState state) { }
    public void SetIntr(bool asserted) { }
    public void RaiseNmi() { }
    public void InjectInterrupt(byte vector) { }
    public void WatchVector(byte vector, bool watched) { }
    public void DeliverInterrupt(byte vector) { }
    public void AddStub(uint address) { }
    public void RemoveStub(uint address) { }
    public void RequestStop() { }
}
