using Concord.Core.Cpu;
using Concord.Devices.Video;
using Concord.Monitor.Clocks;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;

namespace Concord.Cli.Terminal;

/// <summary>
/// One VM as the terminal UI shows it; <paramref name="Stopped"/> says why it stopped for good (a fault, a
/// halt with interrupts off), else null; <paramref name="NoGates"/> why gate calls into it fail (its
/// <c>auto</c> busy byte could not be learned from its OS: no DOS), else null.
/// </summary>
internal sealed record VmView(string Name, string Role, string Profile, bool PoweredOff, TextScreen Screen, string? Stopped = null, string? NoGates = null);

/// <summary>A floppy motor: its drive letter, whether it turns, and the VMs whose DOR asks for it.</summary>
internal sealed record MotorView(char Drive, bool On, IReadOnlyList<string> WantedBy);

/// <summary>The floppy controller's lease: the VM holding it (null: free), those waiting, and the row's counters.</summary>
internal sealed record LeaseView(string Field, string Policy, string? Holder, IReadOnlyList<string> Waiting, long Requests, long Suppressed, long TimedOut = 0);

/// <summary>
/// What the terminal UI draws, taken from a <see cref="Machine"/> at one instant as plain values:
/// the VMs' screens and the parts of the management table worth seeing at a glance (each motor and
/// who wants it, the controller's lease, who asked for the power to go off). A machine of one VM
/// has <paramref name="Solo"/>: the one status line drawn under its screen.
/// </summary>
internal sealed record MachineView(
    IReadOnlyList<VmView> Vms,
    IReadOnlyList<MotorView> Motors,
    LeaseView? Lease,
    string PowerPolicy,
    IReadOnlyList<string> PowerAskedBy,
    string? Solo = null)
{
    public static MachineView Of(Machine machine)
    {
        TableSnapshot table = machine.Table.Snapshot();
        IReadOnlyList<MachineVm> vms = machine.Vms;
        string[] names = vms.Select(v => v.Name).ToArray();
        string[] Asking(RowSnapshot row) => names.Where((_, i) => row.Requested[i] > 0).ToArray();

        var motors = new List<MotorView>();
        foreach (RowSnapshot row in table.Rows.Where(r => r.Device == "fdc" && r.Field.StartsWith("motor", StringComparison.Ordinal)))
        {
            int unit = row.Field[^1] - '0';
            if (machine.Fdc.Controller.Drive(unit) is null) continue;
            motors.Add(new MotorView((char)('A' + unit), row.Effective != 0, Asking(row)));
        }
        LeaseView? lease = null;
        if (machine.Fdc.LeaseRow is { } leaseRow)
        {
            RowSnapshot row = table.Rows.First(r => r.Device == leaseRow.Device && r.Field == leaseRow.Field);
            lease = new LeaseView(row.Field, Lower(row.Policy), row.Holder.IsNone ? null : names[row.Holder.Value],
                row.Waiting.Select(w => names[w.Value]).ToArray(), row.Requests, row.Suppressed, machine.Fdc.LeaseTimeouts);
        }
        RowSnapshot power = table.Rows.First(r => r.Device == "power");
        return new MachineView(
            vms.Select(v => new VmView(v.Name, Lower(v.Spec.Role), v.Spec.Profile.Name, v.State == VmRunState.PoweredOff, v.Screen(),
                v.State == VmRunState.Stopped ? v.StopNote : null, NoGates(machine, v))).ToArray(),
            motors,
            lease,
            Lower(power.Policy),
            Asking(power),
            vms.Count == 1 ? SoloStatus(machine) : null);
    }

    /// <summary>Why the gates cannot enter <paramref name="vm"/> (asking its OS failed), or null.</summary>
    internal static string? NoGates(Machine machine, MachineVm vm) =>
        vm.Spec.BusyByte.Mode == BusyByteMode.Auto && machine.Dos(vm) is { State: DosState.Failed } dos ? dos.ToString() : null; // a DOS asked only for mounts or exec: its gates keep their busy byte

    /// <summary>" Concord  80286  realtime clock  A: fd.img  B: b.img   Ctrl+] quit  Ctrl+C interrupt".</summary>
    private static string SoloStatus(Machine machine) =>
        $" Concord  {machine.Vms[0].Spec.Cpu.Name()}  {machine.Spec.Clock.Kind.Name()} clock"
        + string.Concat(machine.Spec.Drives.Select(d => $"  {d.Letter}: {Path.GetFileName(d.ImagePath)}"))
        + "   Ctrl+] quit  Ctrl+C interrupt";

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
