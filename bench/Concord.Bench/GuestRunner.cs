using System.Diagnostics;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Concord.Engines;
using Concord.Engines.Translator;

namespace Concord.Bench;

/// <summary>
/// Runs one workload on a fresh vCPU of the engine given over 1 MiB of RAM and no devices (port I/O
/// goes to an open bus). Only the time inside <see cref="IVcpu.Run"/> is measured; loading and
/// checking are not. The translator runs with its defaults (hot code compiled in the background),
/// so the warm-up is what lets it compile.
/// </summary>
public sealed class GuestRunner : IDisposable
{
    private readonly Workload _workload;
    private readonly MemoryBlock _ram = new(1 << 20);
    private readonly MemoryMap _memory = new();
    private readonly IVcpu _cpu;
    private readonly CpuModel _model;

    public GuestRunner(Workload workload, CpuModel model, EngineKind engine = EngineKind.Interp)
    {
        _workload = workload;
        _model = model;
        _memory.MapRam(0, _ram, 0, _ram.Size);
        _memory.A20 = false;
        _memory.Load(Workload.CodeOffset, workload.Assemble());
        _cpu = new EngineFactory().Create(engine, new VcpuOptions { Model = model, InvalidOpcode = InvalidOpcodePolicy.Exit }, _memory, OpenBus.Instance);
        _cpu.ExitOnHalt = true;
    }

    /// <summary>One run of the program with <paramref name="repeats"/> repetitions: instructions executed and host time in Run.</summary>
    public (long Instructions, TimeSpan Time) RunOnce(int repeats)
    {
        _workload.Prepare(_memory);
        CpuState state = CpuState.AfterReset(_model);
        state.CS = 0;
        state.IP = Workload.CodeOffset;
        state.DS = Workload.DataSegment;
        state.ES = Workload.ExtraSegment;
        state.SS = Workload.StackSegment;
        state.SP = 0xFFFE;
        state.BP = (ushort)repeats;
        _cpu.SetState(state);

        long start = Stopwatch.GetTimestamp();
        RunResult result = _cpu.Run(long.MaxValue);
        TimeSpan time = Stopwatch.GetElapsedTime(start);

        if (result.Reason != ExitReason.Halted)
            throw new InvalidOperationException($"{_workload.Name}: the guest stopped with {_cpu.LastExit} instead of halting at its end");
        if (_workload.Verify(_cpu.GetState(), _memory, repeats) is { } wrong)
            throw new InvalidOperationException($"{_workload.Name}: wrong result: {wrong}");
        return (result.Executed, time);
    }

    /// <summary>What the translator compiled and ran (null on the interpreter).</summary>
    public TranslatorStatistics? Statistics => (_cpu as Translator)?.Statistics;

    public void Dispose()
    {
        (_cpu as IDisposable)?.Dispose();
        _memory.Dispose();
        _ram.Dispose();
    }
}
