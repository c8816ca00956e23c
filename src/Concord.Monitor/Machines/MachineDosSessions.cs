namespace Concord.Monitor.Machines;

/// <summary>
/// The machine's <see cref="DosSession"/>s: one for each VM with mounts (so its drives are installed
/// at its DOS's first idle moment) and one for each VM the host runs a command in (<see cref="Exec"/>).
/// </summary>
public sealed class MachineDosSessions : IDisposable
{
    private readonly Machine _machine;
    private readonly DosSession?[] _sessions;

    internal MachineDosSessions(Machine machine)
    {
        _machine = machine;
        _sessions = new DosSession?[machine.Vms.Count];
        foreach (MachineVm vm in machine.Vms)
            if (machine.Mounts.Redirector(vm) is not null) Open(vm);
    }

    /// <summary>The session of <paramref name="vm"/>, or null when the monitor does not talk to its DOS.</summary>
    public DosSession? Session(MachineVm vm) => _sessions[_machine.IndexOf(vm)];

    /// <summary>The session of <paramref name="vm"/>, made (its page mapped, its INT 28h watched) if it has none.</summary>
    /// <exception cref="MachineConfigurationException">The monitor's page in the VM is in use.</exception>
    public DosSession Open(MachineVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        int index = _machine.IndexOf(vm);
        return _sessions[index] ??= new DosSession(_machine, vm);
    }

    /// <summary>Runs <paramref name="command"/> in <paramref name="vm"/>'s DOS once it is idle at its prompt; see <see cref="DosSession"/>.</summary>
    public DosCommand Exec(MachineVm vm, DosCommand command)
    {
        Open(vm).Exec(command);
        return command;
    }

    /// <summary>Serves a slice's exit of <paramref name="vm"/> that belongs to its session; false otherwise.</summary>
    internal bool HandleExit(MachineVm vm, Core.Cpu.RunResult result) =>
        _sessions[_machine.IndexOf(vm)] is { } session && session.HandleExit(result);

    public void Dispose()
    {
        foreach (DosSession? s in _sessions) s?.Dispose();
    }
}
