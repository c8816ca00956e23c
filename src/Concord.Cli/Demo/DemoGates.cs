using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;

namespace Concord.Cli.Demo;

/// <summary>
/// Puts the machine file's gates on a <see cref="Machine"/> that does not serve them itself: a
/// <see cref="GateMonitor"/> told about every VM (its vCPU, memory, the busy byte Concord DOS shows at
/// 0060:0016, the window 9000-9FFF lendable), the machine's <see cref="Machine.AfterSlice"/> handing it
/// every exit, and <see cref="Machine.Suspend"/>/<see cref="Machine.Resume"/> as its scheduler.
/// Added after both OSes have booted (no gate is used before).
/// </summary>
internal sealed class DemoGates : IGateScheduler, IDisposable
{
    /// <summary>The gate window of Concord DOS (firmware/apps/GATES.md): lendable in every VM.</summary>
    private static readonly PageRange Window = new(0x90000, 0x10000);

    private readonly Machine _machine;
    private readonly GateMonitor _gates;

    private DemoGates(Machine machine)
    {
        _machine = machine;
        _gates = new GateMonitor(this);
        foreach (MachineVm vm in machine.Vms)
        {
            VmId id = _gates.AddVm(new GateVmOptions
            {
                Name = vm.Name,
                Vcpu = vm.Cpu,
                Memory = vm.Pc.Memory,
                BusyByte = CdosKernel.InDos(vm.Pc.Memory),
                Lendable = [Window],
            });
            if (id != vm.Id) throw new InvalidOperationException($"VM {vm.Name}: the gates number it {id}, the machine {vm.Id}");
        }
        foreach (var spec in machine.Spec.Gates) _gates.AddGate(spec);
        machine.Power.PowerOffRequested += id => _gates.SetAvailable(id, false);
        machine.AfterSlice = (vm, result) =>
        {
            _gates.HandleExit(vm.Id, result.Reason);
            _gates.Poll();
        };
    }

    /// <summary>Serves the machine's gates unless the machine already does (its <see cref="Machine.AfterSlice"/> is taken); null then.</summary>
    public static DemoGates? Attach(Machine machine) =>
        machine.AfterSlice is null && machine.Spec.Gates.Length > 0 ? new DemoGates(machine) : null;

    public IReadOnlyList<Gate> Gates => _gates.Gates;

    long IGateScheduler.TimeNs => _machine.NowNs;

    void IGateScheduler.Suspend(VmId vm) => _machine.Suspend(vm);

    void IGateScheduler.Resume(VmId vm) => _machine.Resume(vm);

    public void Dispose() => _gates.Dispose();
}
