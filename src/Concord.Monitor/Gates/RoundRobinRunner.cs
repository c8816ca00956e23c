using Concord.Core.Cpu;
using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// The smallest deterministic scheduler that drives a <see cref="GateMonitor"/>: bare VMs (a vCPU
/// over a memory map, no devices, no interrupts) run in turn for fixed slices of instructions, on
/// one thread. For tests and the gate benchmark; the multi-VM machine has its own scheduler and
/// implements <see cref="IGateScheduler"/> the same way.
/// </summary>
/// <remarks>
/// Per VM: it runs unless it stopped, idles (HLT with IF=1: nothing would wake it but a gate) or
/// the gates suspended it. Every exit goes to <see cref="GateMonitor.HandleExit"/> first; of the
/// rest, HLT with IF=1 idles the VM, and everything else stops it (<see cref="ExitReason.StopRequested"/>
/// from a test's exit port, HLT with IF=0, a fault, an unhandled watched INT or stub), which
/// <see cref="GateMonitor.SetAvailable"/> learns. Waiting calls are retried after every run.
/// Virtual time is 1 ns per executed instruction.
/// </remarks>
public sealed class RoundRobinRunner : IGateScheduler
{
    private readonly GateMonitor _gates;
    private readonly List<Entry> _vms = [];

    public RoundRobinRunner(GateMonitor gates, long slice = 1000)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slice);
        _gates = gates;
        Slice = slice;
        gates.Scheduler = this;
    }

    /// <summary>Instructions per turn.</summary>
    public long Slice { get; }

    /// <summary>Instructions executed by all VMs.</summary>
    public long Executed { get; private set; }

    public long TimeNs => Executed;

    /// <summary>Adds the vCPU of a VM the gates know as <paramref name="vm"/> (add them in the gates' order).</summary>
    public void Add(VmId vm, IVcpu vcpu)
    {
        ArgumentNullException.ThrowIfNull(vcpu);
        if (vm.Value != _vms.Count) throw new ArgumentException($"add VMs in order: expected vm {_vms.Count}, got {vm}", nameof(vm));
        _vms.Add(new Entry(vcpu));
    }

    /// <summary>The exit that stopped <paramref name="vm"/>, or null while it has not stopped.</summary>
    public ExitInfo? StoppedBy(VmId vm) => _vms[vm.Value].Stopped ? _vms[vm.Value].End : null;

    public bool IsIdle(VmId vm) => _vms[vm.Value].Idle;

    /// <summary>Runs the VMs in turn until all stop, nothing can run, or about <paramref name="limit"/> instructions ran.</summary>
    public RunnerOutcome Run(long limit = long.MaxValue)
    {
        long end = limit == long.MaxValue ? long.MaxValue : Executed + limit;
        while (true)
        {
            bool ran = false, live = false;
            for (int i = 0; i < _vms.Count; i++)
            {
                var vm = _vms[i];
                if (vm.Stopped) continue;
                live = true;
                if (vm.Idle || vm.Suspended) continue;
                if (Executed >= end) return RunnerOutcome.LimitReached;
                ran = true;
                var result = vm.Vcpu.Run(Slice);
                Executed += result.Executed;
                var id = new VmId(i);
                if (result.Reason != ExitReason.BudgetSpent && !_gates.HandleExit(id, result.Reason))
                {
                    if (result.Reason == ExitReason.Halted && (vm.Vcpu.GetState().Flags & (ushort)CpuFlags.IF) != 0) vm.Idle = true;
                    else
                    {
                        vm.Stopped = true;
                        vm.End = vm.Vcpu.LastExit;
                        _gates.SetAvailable(id, false);
                    }
                }
                if (_gates.NeedsPoll) _gates.Poll();
            }
            if (!live) return RunnerOutcome.AllStopped;
            if (!ran)
            {
                if (!_gates.NeedsPoll) return RunnerOutcome.Stalled;
                _gates.Poll();
                if (!AnyRunnable()) return RunnerOutcome.Stalled;
            }
        }
    }

    public void Suspend(VmId vm) => _vms[vm.Value].Suspended = true;

    public void Resume(VmId vm)
    {
        var entry = _vms[vm.Value];
        entry.Suspended = false;
        entry.Idle = false;
    }

    private bool AnyRunnable()
    {
        foreach (var vm in _vms)
            if (!vm.Stopped && !vm.Idle && !vm.Suspended) return true;
        return false;
    }

    private sealed class Entry(IVcpu vcpu)
    {
        public IVcpu Vcpu { get; } = vcpu;
        public bool Idle { get; set; }
        public bool Suspended { get; set; }
        public bool Stopped { get; set; }
        public ExitInfo End { get; set; }
    }
}
