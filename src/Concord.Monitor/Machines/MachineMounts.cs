using Concord.Core.Cpu;
using Concord.Monitor.HostFolders;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Redirector;

namespace Concord.Monitor.Machines;

/// <summary>
/// The spec's mounts (<c>[[mount]]</c>, <c>--mount</c>): per VM with any, a <see cref="DosRedirector"/>
/// serving its folders, the VM's INT 2Fh watched so that every redirector call of its DOS comes to
/// the monitor (<see cref="HandleExit"/>) and every other INT 2Fh goes on through the VM's own
/// chain. The drives appear in the DOS once it is installed (<see cref="Install"/>, with the facts
/// the DOS gives at a safe point).
/// </summary>
public sealed class MachineMounts : IDisposable
{
    private readonly Machine _machine;
    private readonly DosRedirector?[] _redirectors;

    /// <exception cref="MachineConfigurationException">A mount names a folder that cannot be served, or a VM with mounts has a gate on INT 2Fh.</exception>
    internal MachineMounts(Machine machine)
    {
        _machine = machine;
        MachineSpec spec = machine.Spec;
        _redirectors = new DosRedirector?[machine.Vms.Count];
        try
        {
            foreach (MountSpec mount in spec.Mounts)
            {
                MachineVm vm = machine.Vm(mount.Vm);
                if (spec.Gates.Any(g => g.Caller == mount.Vm && g.Vector == DosRedirector.Vector))
                    throw new MachineConfigurationException($"{spec.SourcePath}: VM {mount.Vm}: a gate takes its INT {DosRedirector.Vector:X2}h, which its mounted drives need");
                int index = machine.IndexOf(vm);
                DosRedirector redirector = _redirectors[index] ??= new DosRedirector(vm.Hardware.Memory);
                if (redirector.Folder(mount.Letter) is not null)
                    throw new MachineConfigurationException($"{spec.SourcePath}: VM {mount.Vm}: {mount.Letter}: is mounted twice");
                HostFolder folder;
                try { folder = new HostFolder(mount.HostPath, mount.ReadOnly); }
                catch (HostFolderException e) { throw new MachineConfigurationException($"{spec.SourcePath}: VM {mount.Vm}: mount {mount.Letter}: {e.Message}", e); }
                redirector.Mount(mount.Letter, folder);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        for (int i = 0; i < _redirectors.Length; i++)
        {
            if (_redirectors[i] is not { } redirector) continue;
            MachineVm vm = machine.Vms[i];
            int part = vm.Watches.Register(vector => Serve(vm, redirector));
            vm.Watches.Want(part, DosRedirector.Vector, true);
        }
    }

    /// <summary>Whether any VM has mounts.</summary>
    public bool Any => _redirectors.Any(r => r is not null);

    /// <summary>The redirector serving <paramref name="vm"/>'s mounts, or null when it has none.</summary>
    public DosRedirector? Redirector(MachineVm vm) => _redirectors[_machine.IndexOf(vm)];

    /// <summary>
    /// Installs <paramref name="vm"/>'s drives in its DOS's current directory structure; returns
    /// why the DOS cannot have them (no redirector interface), or null. Drives refused one by one
    /// (beyond LASTDRIVE, a drive of the DOS's own) are in <see cref="DosRedirector.Installed"/>.
    /// </summary>
    public string? Install(MachineVm vm, DosFacts facts)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return Redirector(vm)?.Install(facts);
    }

    /// <summary>
    /// A VM with mounts stopped at INT 2Fh (its <see cref="MachineVm.Watches"/>): a redirector call
    /// for one of its drives is answered (true); any other INT 2Fh goes on through the VM's interrupt table.
    /// </summary>
    private static bool Serve(MachineVm vm, DosRedirector redirector) => redirector.Handle(vm.Cpu);

    /// <summary>Closes every host file: changes DOS never committed are dropped, the host files stay as they were.</summary>
    public void Dispose()
    {
        foreach (DosRedirector? r in _redirectors) r?.Dispose();
    }
}
