using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Machines;

/// <summary>
/// The gates of a machine's spec, served by a <see cref="GateMonitor"/> with the machine as its
/// <see cref="IGateScheduler"/>: every VM is added with its vCPU, memory map and busy byte, every
/// page of a gate's window is lendable in both VMs of that gate, and every exit of a vCPU goes to
/// <see cref="GateMonitor.HandleExit"/> (<see cref="Serve"/>). A VM whose busy byte is <c>auto</c>
/// is found by its Concord DOS kernel, so the gates come on at the first slice boundary at which
/// every such VM has loaded its kernel (before any app of it can run).
/// </summary>
internal sealed class MachineGates(Machine machine)
{
    /// <summary>
    /// How long (machine time) a gate call may wait for its callee's safe point, and how long the
    /// callee's handler may run, before the call fails (C006h, C008h): a callee that never frees
    /// its busy byte or never returns cannot hold its caller. Generous: a DOS call through a gate
    /// that reads a diskette, behind other VMs' commands, takes a few seconds at most.
    /// </summary>
    public const long CallLimitNs = 30_000_000_000;

    private ITraceSink<GateEvent>? _trace;

    /// <summary>The gate engine, or null until every <c>auto</c> busy byte is known (or for a spec without gates).</summary>
    public GateMonitor? Monitor { get; private set; }

    /// <summary>Where gate events go (kept when the gates start later).</summary>
    public ITraceSink<GateEvent>? Trace
    {
        get => _trace;
        set
        {
            _trace = value;
            if (Monitor is not null) Monitor.Sink = value;
        }
    }

    /// <summary>Hands a slice's exit to the gates and retries waiting calls; starts the gates once they can start.</summary>
    public void Serve(MachineVm vm, RunResult result)
    {
        if (Monitor is null && !StartWhenReady()) return;
        Monitor!.HandleExit(vm.Id, result.Reason);
        Monitor.Poll();
    }

    /// <summary>A VM left the machine (powered off, stopped): calls to it and the call it serves fail.</summary>
    public void Leave(VmId vm) => Monitor?.SetAvailable(vm, false);

    /// <summary>Builds the gate engine when every VM's busy byte is known; false while a VM's <c>auto</c> busy byte is not.</summary>
    public bool StartWhenReady()
    {
        if (Monitor is not null) return true;
        IReadOnlyList<MachineVm> vms = machine.Vms;
        var busy = new int?[vms.Count];
        for (int i = 0; i < vms.Count; i++)
        {
            MachineVm v = vms[i];
            BusyByteSpec b = v.Spec.BusyByte;
            busy[i] = b.Mode switch
            {
                BusyByteMode.Fixed => b.LinearAddress,
                BusyByteMode.None => null,
                _ => ConcordDosKernel.InDosAddress(v.Hardware.Memory),
            };
            // An auto VM that is still booting: wait (one that stopped for good will never load a kernel).
            if (b.Mode == BusyByteMode.Auto && busy[i] is null && v.IsAlive) return false;
        }

        var gates = new GateMonitor(machine, _trace) { WaitLimitNs = CallLimitNs, CallLimitNs = CallLimitNs };
        try
        {
            for (int i = 0; i < vms.Count; i++)
            {
                MachineVm v = vms[i];
                var pic = v.Hardware.Pic;
                VmId id = gates.AddVm(new GateVmOptions
                {
                    Name = v.Name,
                    Vcpu = v.Cpu,
                    Memory = v.Hardware.Memory,
                    BusyByte = busy[i],
                    InInterruptHandler = () => pic.Master.Isr != 0 || pic.Slave.Isr != 0,
                    Lendable = LendablePages(v.Name),
                });
                if (id != v.Id) throw new InvalidOperationException($"VM {v.Name}: the gates number it {id}, the machine {v.Id}");
            }
            foreach (GateSpec g in machine.Spec.Gates) gates.AddGate(g);
        }
        catch (ArgumentException e)
        {
            gates.Dispose();
            throw new MachineConfigurationException($"{machine.Spec.SourcePath}: {e.Message}");
        }
        Monitor = gates;
        foreach (MachineVm v in vms)
        {
            // Attribution: an access made while serving a gate call is also tagged with its caller.
            VmId id = v.Id;
            if (v.Hardware.Caller is VcpuCallerLocation location)
                location.RunningFor = () => gates.CurrentCall(id) is { IsNone: false } call ? call.Vm : null;
        }
        foreach (MachineVm v in vms)
            if (!v.IsAlive) gates.SetAvailable(v.Id, false);
        return true;
    }

    /// <summary>The rule for identity windows: every page of a gate's window is lendable in both VMs of the gate.</summary>
    private PageRange[] LendablePages(string vm) =>
        machine.Spec.Gates.Where(g => g.Window is not null && (g.Caller == vm || g.Callee == vm))
            .Select(g => new PageRange(g.Window!.Value.Address, g.Window.Value.Length))
            .Distinct().ToArray();
}
