using System.Collections.Immutable;
using System.CommandLine;
using Concord.Monitor.MachineFiles;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>--mount [VM:]LETTER=HOSTDIR[,ro]</c> (repeatable): a host folder served as a drive of a VM's
/// DOS, as a machine file's <c>[[mount]]</c>. Without <c>VM:</c> the drive goes to the parent VM
/// (the one VM of <c>--floppy</c>); <c>,ro</c> makes it read-only (<c>,rw</c>, the default, too).
/// </summary>
internal static class MountOption
{
    public const string Name = "--mount";
    public const string Form = "[VM:]LETTER=HOSTDIR[,ro]";

    public static Option<string[]> Build() => new(Name)
    {
        Description = "Serve the host folder HOSTDIR as drive LETTER (C to Z) of the VM's DOS, read-only with ,ro; repeatable. " +
                      "Without VM: the parent VM (the one VM of --floppy). The DOS sees it as a network drive, no driver needed",
        HelpName = Form,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// The spec with the command line's mounts added after the machine file's; false with
    /// <paramref name="error"/> (one line naming the value and what is valid) when one is bad.
    /// </summary>
    public static bool TryApply(MachineSpec spec, IReadOnlyList<string> given, out MachineSpec result, out string error)
    {
        result = spec;
        error = "";
        var mounts = spec.Mounts.ToBuilder();
        foreach (string text in given)
        {
            if (Parse(spec, text, out MountSpec? mount) is { } problem)
            {
                error = $"{Name} '{text}': {problem}";
                return false;
            }
            if (mounts.FirstOrDefault(m => m.Vm == mount!.Vm && m.Letter == mount.Letter) is { } taken)
            {
                error = $"{Name} '{text}': drive {mount!.Letter}: of VM {mount.Vm} is mounted already ({taken.HostPath}); give each drive one folder";
                return false;
            }
            mounts.Add(mount!);
        }
        result = spec with { Mounts = mounts.ToImmutable() };
        return true;
    }

    /// <summary>Why <paramref name="text"/> is no mount of <paramref name="spec"/>, or null with the mount.</summary>
    internal static string? Parse(MachineSpec spec, string text, out MountSpec? mount)
    {
        mount = null;
        int equals = text.IndexOf('=');
        if (equals < 0) return $"expected {Form}, e.g. D=./dos or D=/srv/share,ro";
        string left = text[..equals], right = text[(equals + 1)..];

        string vm = spec.Parent.Name;
        int colon = left.IndexOf(':');
        if (colon > 1)
        {
            vm = left[..colon];
            left = left[(colon + 1)..];
            if (spec.Vm(vm) is null) return $"no VM named '{vm}' (VMs: {string.Join(", ", spec.Vms.Select(v => v.Name))})";
        }
        if (MountSpec.LetterProblem(left, out char letter) is { } letterProblem) return $"'{left}': {letterProblem}";

        bool readOnly = false;
        if (right.EndsWith(",ro", StringComparison.OrdinalIgnoreCase)) (right, readOnly) = (right[..^3], true);
        else if (right.EndsWith(",rw", StringComparison.OrdinalIgnoreCase)) right = right[..^3];
        if (right.Length == 0) return $"no folder after '='; expected {Form}";
        string full;
        try { full = Path.GetFullPath(right); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return $"'{right}' is not a valid path"; }
        if (File.Exists(full)) return $"'{right}' is a file; a drive needs a folder";
        if (!Directory.Exists(full)) return $"the folder '{right}' does not exist";
        mount = new MountSpec(vm, letter, full, readOnly);
        return null;
    }

    /// <summary>The mounts as one line each for a note: "D: = /srv/share (read-only)".</summary>
    public static ImmutableArray<string> Describe(MachineSpec spec) =>
        [.. spec.Mounts.Select(m => $"{(spec.Vms.Length > 1 ? m.Vm + " " : "")}{m.Letter}: = {m.HostPath}{(m.ReadOnly ? " (read-only)" : "")}")];
}
