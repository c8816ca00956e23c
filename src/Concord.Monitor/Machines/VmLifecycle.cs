using Concord.Core.Cpu;
using Concord.Monitor.Table;

namespace Concord.Monitor.Machines;

/// <summary>
/// Where each VM is in its life, and what ends a run: a VM waits for the floppy controller and is
/// woken when the lease is granted; something outside a VM (a shared device's interrupt, a gate)
/// wakes it at the shared time; a VM that asks for power off (port EFh, its BIOS's APM call) stops
/// being scheduled and leaves the controller and the gates, and the machine's power is cut when the
/// relay switches (policy <c>all</c>: once every VM has asked); a VM whose CPU faults or halts with
/// interrupts off stops alone while the others go on. <see cref="Judge"/> looks at why a slice
/// ended and says when the run must end.
/// </summary>
internal sealed class VmLifecycle(Machine machine)
{
    /// <summary>The machine's power relay switched: every disk is flushed and the run ends.</summary>
    public bool PowerCut { get; private set; }

    /// <summary>The last VM that asked for power off (the one the power-off outcome names).</summary>
    public MachineVm? LastPoweredOff { get; private set; }

    /// <summary>A run ends: why, with which exit status, which VM it concerns (null: none in particular) and, when the vCPU's last exit does not say it, where.</summary>
    public readonly record struct End(StopReason Stop, int ExitStatus, MachineVm? Vm, ExitInfo? At = null);

    public void OnWaitRequested(VmId id)
    {
        MachineVm v = machine.Vms[id.Value];
        if (v.State != VmRunState.Running) return;
        v.State = VmRunState.WaitingForFdc;
        v.FdcWaits++;
        v.Cpu.RequestStop();
    }

    public void OnLeaseGranted(VmId id)
    {
        MachineVm v = machine.Vms[id.Value];
        if (v.State != VmRunState.WaitingForFdc) return;
        v.State = v.GateSuspended ? VmRunState.Suspended : VmRunState.Running;
        Wake(v);
    }

    public void OnPowerOffRequested(VmId id)
    {
        MachineVm v = machine.Vms[id.Value];
        v.State = VmRunState.PoweredOff;
        v.StopNote = $"asked for power off at {machine.SharedClock.NowNs / 1e9:0.###} s";
        LastPoweredOff = v;
        v.Cpu.RequestStop();
        machine.Fdc.Retire(id);
        machine.GateService.Leave(id);
    }

    public void OnRelayCut()
    {
        PowerCut = true;
        machine.Scheduler.Running?.Cpu.RequestStop();
    }

    public void OnIntrRaised(MachineVm v)
    {
        if (v == machine.Scheduler.Running || v == machine.Scheduler.Advancing) return; // its own doing: no catching up
        Wake(v);
    }

    /// <summary>Stops scheduling the VM until <see cref="Resume"/> (a gate call waits or is served).</summary>
    public void Suspend(VmId vm)
    {
        MachineVm v = machine.Vms[vm.Value];
        if (!v.IsAlive) return;
        v.GateSuspended = true;
        if (v.State == VmRunState.Running) v.State = VmRunState.Suspended;
        if (v == machine.Scheduler.Running) v.Cpu.RequestStop();
    }

    /// <summary>Schedules the VM again, even if it idled in HLT; a VM waiting for the floppy controller still waits for it.</summary>
    public void Resume(VmId vm)
    {
        MachineVm v = machine.Vms[vm.Value];
        if (v.State is VmRunState.PoweredOff) return;
        v.GateSuspended = false;
        if (v.State == VmRunState.Suspended) v.State = VmRunState.Running;
        v.Hardware.Halted = false;
        Wake(v);
    }

    /// <summary>Something outside the VM changed its state at the shared time: it catches up to that time and the running VM yields.</summary>
    public void Wake(MachineVm v)
    {
        v.WakeAtNs = Math.Max(v.WakeAtNs, machine.SharedClock.NowNs);
        if (machine.Scheduler.Running is { } r && r != v) r.Cpu.RequestStop();
        machine.WakeUp();
    }

    /// <summary>Looks at why a slice of <paramref name="v"/> ended (after the mounts and the gates saw it; <paramref name="served"/>: the mounts took its exit); an end stops the run.</summary>
    public End? Judge(MachineVm v, RunResult result, bool haltedWithInterruptsOff, bool served = false)
    {
        if (PowerCut) return null; // the host loop ends the run with the right status
        if (v.Hardware.DebugExit.ExitStatus is { } status) return new End(StopReason.DebugExit, status, v);
        if (v.Hardware.ResetRequested)
        {
            v.Hardware.RestartCpu();
            return null;
        }
        if (v.Hardware.InvalidOpcodeAt(v.Cpu.LastExit) is { } faultAt) return Fault(v, StopReason.InvalidOpcode, faultAt);
        switch (result.Reason)
        {
            case ExitReason.BudgetSpent:
            case ExitReason.StopRequested:
                return null;
            case ExitReason.Halted:
                if (!v.Cpu.GetState().Halted) return null; // a gate call entered it: it runs the handler now
                if (v.State == VmRunState.Running && haltedWithInterruptsOff)
                {
                    ExitInfo e = v.Cpu.LastExit;
                    StopAlone(v, $"halted with interrupts off at {e.Cs:X4}:{e.Ip:X4}");
                }
                else v.Hardware.Halted = true;
                return null;
            case ExitReason.InvalidOpcode:
                return Fault(v, StopReason.InvalidOpcode, null);
            case ExitReason.Shutdown:
                return Fault(v, StopReason.Shutdown, null);
            default:
                if (served || machine.AfterSlice is not null) return null;
                throw new InvalidOperationException($"VM {v.Name}: no stubs or watched vectors are registered, yet the vCPU exited with {v.Cpu.LastExit}");
        }
    }

    /// <summary>A VM's CPU faulted: the run ends if no other VM can go on, else the VM stops alone.</summary>
    private End? Fault(MachineVm v, StopReason fault, ExitInfo? at)
    {
        var end = new End(fault, ExitStatuses.GuestFault, v, at);
        if (!machine.Vms.Any(o => o != v && o.IsAlive)) return end;
        v.Fault = fault;
        v.FaultAt = at;
        StopAlone(v, machine.Describe(end));
        return null;
    }

    /// <summary>
    /// Stops one VM for good while the others go on: it is never scheduled again, leaves the floppy
    /// controller (its lease and motor requests go, so no other VM waits for it) and the gates (a
    /// call it serves fails with C001, calls to it too). As the patent's OSes are independent, one
    /// OS's crash does not take the others down; the run's outcome names it at the end.
    /// </summary>
    public void StopAlone(MachineVm v, string note)
    {
        v.State = VmRunState.Stopped;
        v.StopNote = note;
        v.Cpu.RequestStop();
        machine.Fdc.Retire(v.Id);
        machine.GateService.Leave(v.Id);
    }

    /// <summary>No VM can run any more: the first fault of a VM, if one stopped on a fault, else a halt (naming the VM when there is only one).</summary>
    public End NoneAlive() =>
        machine.Vms.FirstOrDefault(v => v.Fault is not null) is { } faulted
            ? new End(faulted.Fault!.Value, ExitStatuses.GuestFault, faulted, faulted.FaultAt)
            : new End(StopReason.Halted, ExitStatuses.Success, machine.Vms.Count == 1 ? machine.Vms[0] : null);
}
