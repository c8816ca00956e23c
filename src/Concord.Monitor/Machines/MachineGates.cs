using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Machines;

/// <summary>
/// The gates of a machine's spec, served by a <see cref="GateMonitor"/> with the machine as its
/// <see cref="IGateScheduler"/>: every VM is added with its vCPU, memory map and busy byte (a VM whose
/// busy byte is <c>auto</c> as a DOS the monitor asks, <see cref="GateVmOptions.Dos"/>), the pages
/// its machine-file entry declares <c>free</c> as the only ones a window may cover, and every exit
/// of a vCPU goes to <see cref="GateMonitor.HandleExit"/> (<see cref="Serve"/>).
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

    /// <summary>The gate engine, or null for a spec without gates.</summary>
    public GateMonitor? Monitor { get; private set; }

    /// <summary>Where gate events go.</summary>
    public ITraceSink<GateEvent>? Trace
    {
        get => _trace;
        set
        {
            _trace = value;
            if (Monitor is not null) Monitor.Sink = value;
        }
    }

    /// <summary>Hands a slice's exit to the gates (a watched INT was offered to every part that wants it already: <see cref="MachineVm.Watches"/>) and retries waiting calls.</summary>
    public void Serve(MachineVm vm, RunResult result)
    {
        if (Monitor is null) return;
        if (result.Reason != ExitReason.WatchedInterrupt) Monitor.HandleExit(vm.Id, result.Reason);
        Monitor.Poll();
    }

    /// <summary>A VM left the machine (powered off, stopped): calls to it and the call it serves fail.</summary>
    public void Leave(VmId vm) => Monitor?.SetAvailable(vm, false);

    /// <summary>Builds the gate engine (before the first slice: the stub and context pages must be free then).</summary>
    public void Start()
    {
        IReadOnlyList<MachineVm> vms = machine.Vms;
        var gates = new GateMonitor(machine, _trace) { WaitLimitNs = CallLimitNs, CallLimitNs = CallLimitNs };
        try
        {
            for (int i = 0; i < vms.Count; i++)
            {
                MachineVm v = vms[i];
                var pic = v.Hardware.Pic;
                BusyByteSpec busy = v.Spec.BusyByte;
                VmId id = gates.AddVm(new GateVmOptions
                {
                    Name = v.Name,
                    Vcpu = v.Cpu,
                    Memory = v.Hardware.Memory,
                    BusyByte = busy.Mode == BusyByteMode.Fixed ? busy.LinearAddress : null,
                    Dos = busy.Mode == BusyByteMode.Auto,
                    AskDos = machine.Mounts.Redirector(v) is not null || machine.DosSessions.Session(v) is not null,
                    Watches = v.Watches,
                    ContextPage = GateVmOptions.DefaultContextPage,
                    KeyboardVector = v.Spec.Profile.KeyboardBiosVector,
                    InInterruptHandler = () => pic.Master.Isr != 0 || pic.Slave.Isr != 0,
                    Lendable = [.. v.Spec.Free.Select(f => new PageRange(f.Address, f.Length))],
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
        gates.DosLearned += (id, info) => machine.DosSessions.Learned(vms[id.Value], info);
        foreach (MachineVm v in vms)
        {
            // Attribution: an access made while serving a gate call is also tagged with its caller.
            VmId id = v.Id;
            if (v.Hardware.Caller is VcpuCallerLocation location)
                location.RunningFor = () => gates.CurrentCall(id) is { IsNone: false } call ? call.Vm : null;
        }
    }
}
