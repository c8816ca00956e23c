using Concord.Core.Cpu;
using Concord.Monitor.Clocks;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Machines;

/// <summary>One VM of a <see cref="Machine"/>: its <see cref="VmHardware"/> (memory, BIOS, vCPU, own devices), its column in the management table, and where the scheduler has it.</summary>
public sealed class MachineVm
{
    internal MachineVm(VmSpec spec, VmId id, VmHardware hardware, MachineClock clock)
    {
        Spec = spec;
        Id = id;
        Hardware = hardware;
        Clock = clock;
        Watches = new VectorWatches(hardware.Cpu);
    }

    /// <summary>The VM's watched INTs: the gates, its mounted drives and a host command's output each want theirs through it.</summary>
    public VectorWatches Watches { get; }

    public VmSpec Spec { get; }

    public string Name => Spec.Name;

    /// <summary>Its column in the management table (0, 1... in machine-file order).</summary>
    public VmId Id { get; }

    /// <summary>The VM's memory, vCPU and own devices.</summary>
    public VmHardware Hardware { get; }

    public IVcpu Cpu => Hardware.Cpu;

    internal MachineClock Clock { get; }

    /// <summary>The VM's own time: its instructions plus the time it skipped while halted or waiting.</summary>
    public long NowNs => Clock.NowNs;

    /// <summary>With the virtual clock: the VM's time skipped while its CPU halted or it waited (no host time spent); 0 with the realtime clock.</summary>
    public long SkippedNs => Clock is VirtualClock virtualClock ? virtualClock.SkippedNs : 0;

    public VmRunState State { get; internal set; } = VmRunState.Running;

    /// <summary>The VM may still run: running, waiting for the floppy controller, or suspended by a gate call.</summary>
    public bool IsAlive => State is VmRunState.Running or VmRunState.WaitingForFdc or VmRunState.Suspended;

    /// <summary>The shared time at which something outside the VM woke it (a lease granted, an interrupt from a shared device); its clock catches up to it.</summary>
    internal long WakeAtNs { get; set; }

    /// <summary>The gates stopped it (its call waits or is served); it may also wait for the floppy controller.</summary>
    internal bool GateSuspended { get; set; }

    /// <summary>The VM's halt with interrupts off, its fault, or its power-off, as a note (null while it runs).</summary>
    public string? StopNote { get; internal set; }

    /// <summary>The fault that stopped this VM (<see cref="StopReason.InvalidOpcode"/> or <see cref="StopReason.Shutdown"/>), or null.</summary>
    public StopReason? Fault { get; internal set; }

    /// <summary>Where the fault was, when the vCPU's last exit does not say it (an invalid opcode caught at the BIOS's INT 6 stop).</summary>
    internal ExitInfo? FaultAt { get; set; }

    /// <summary>Times this VM was stopped to wait for the shared floppy controller.</summary>
    public long FdcWaits { get; internal set; }

    /// <summary>Slices this VM ran.</summary>
    public long Slices { get; internal set; }

    /// <summary>The VM's text screen.</summary>
    public Concord.Devices.Video.TextScreen Screen() => Hardware.Screen();

    public override string ToString() => Name;
}
