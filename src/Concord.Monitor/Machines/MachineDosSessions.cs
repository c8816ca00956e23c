using Concord.Monitor.Gates;
using Concord.Monitor.Redirector;

namespace Concord.Monitor.Machines;

/// <summary>
/// The machine's <see cref="DosSession"/>s: one for each VM with mounts (its drives are installed
/// when the monitor has asked its DOS) and one for each VM the host runs a command in
/// (<see cref="Exec"/>). The asking is the gate engine's (<see cref="GateMonitor.Dos"/>), once per
/// VM for the gates, the mounts and the commands alike.
/// </summary>
public sealed class MachineDosSessions
{
    private readonly Machine _machine;
    private readonly DosSession?[] _sessions;

    internal MachineDosSessions(Machine machine)
    {
        _machine = machine;
        _sessions = new DosSession?[machine.Vms.Count];
        foreach (MachineVm vm in machine.Vms)
            if (machine.Mounts.Redirector(vm) is not null) _sessions[machine.IndexOf(vm)] = new DosSession(machine, vm);
    }

    /// <summary>The session of <paramref name="vm"/>, or null when the monitor does not talk to its DOS.</summary>
    public DosSession? Session(MachineVm vm) => _sessions[_machine.IndexOf(vm)];

    /// <summary>The session of <paramref name="vm"/>, made (its DOS asked at its next idle moment) if it has none.</summary>
    /// <exception cref="MachineConfigurationException">A gate takes an INT the session needs, or the monitor's page in the VM is in use.</exception>
    public DosSession Open(MachineVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        int index = _machine.IndexOf(vm);
        DosSession session = _sessions[index] ??= new DosSession(_machine, vm);
        GateMonitor gates = _machine.StartGates();
        try { gates.AskDos(vm.Id, GateVmOptions.DefaultContextPage, vm.Spec.Profile.KeyboardBiosVector); }
        catch (ArgumentException e) { throw new MachineConfigurationException($"VM {vm.Name}: {e.Message}"); }
        return session;
    }

    /// <summary>Runs <paramref name="command"/> in <paramref name="vm"/>'s DOS once it is idle at its prompt; see <see cref="DosSession"/>.</summary>
    public DosCommand Exec(MachineVm vm, DosCommand command)
    {
        Open(vm).Exec(command);
        return command;
    }

    /// <summary>The monitor asked <paramref name="vm"/>'s DOS (<see cref="GateMonitor.DosLearned"/>): its mounted drives go into it now.</summary>
    internal void Learned(MachineVm vm, DosInfo dos)
    {
        DosSession? session = Session(vm);
        session?.Learned();
        if (_machine.Mounts.Redirector(vm) is null || session is null) return;
        if (dos.State != DosState.Known)
            session.MountProblem = dos.Reason;
        else if (dos.ListOfLists < 0 || dos.SwappableData < 0)
            session.MountProblem = $"DOS {dos.Major}.{dos.Minor:D2} has no network redirector interface (DOS 3.10 or later has: its List of Lists and swappable data area)";
        else
            session.MountProblem = _machine.Mounts.Install(vm, new DosFacts(dos.Major, dos.Minor, (uint)dos.ListOfLists, (uint)dos.SwappableData));
    }
}
