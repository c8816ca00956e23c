using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.Profiles;
using Concord.Monitor.Vm;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// Checks the located tree of one machine file against the schema (docs/machine-file.md) and
/// builds the <see cref="MachineSpec"/>. Every error is collected; the spec is built only when
/// there is none, so a reader that found an error may carry on with a default value.
/// </summary>
internal sealed class MachineFileReader
{
    private const int DriveUnits = 4;
    private const int MaxNameLength = 16;
    private const int PageSize = 4096;
    private const int OneMiB = 0x100000;
    private const int MaxExclusiveHoldMs = 60_000;
    private const long MinInstructionsPerSecond = 1_000;
    private const long MaxInstructionsPerSecond = 1_000_000_000;

    private static readonly ImmutableArray<string> RootKeys = ["vm", "drive", "gate", "mount", "policy", "clock", "trace"];
    private static readonly ImmutableArray<string> VmKeys = ["name", "role", "profile", "memory_kib", "engine", "cpu", "boot", "busy_byte", "free"];
    private static readonly ImmutableArray<string> DriveKeys = ["name", "image", "format", "read_only", "unit"];
    private static readonly ImmutableArray<string> GateKeys = ["caller", "vector", "callee", "service", "window", "mapping", "window_read_only", "allow"];
    private static readonly ImmutableArray<string> MountKeys = ["vm", "letter", "path", "read_only"];
    private static readonly ImmutableArray<string> WindowKeys = ["address", "length"];
    private static readonly ImmutableArray<string> PolicyKeys = ["fdc", "power", "exclusive_hold_ms"];
    private static readonly ImmutableArray<string> FdcKeys = ["motor", "select", "reset", "dma_gate", "command"];
    private static readonly ImmutableArray<string> ClockKeys = ["mode", "instructions_per_second"];
    private static readonly ImmutableArray<string> TraceKeys = ["path"];

    private static readonly ImmutableArray<(string Name, VmRole Value)> Roles = [("parent", VmRole.Parent), ("guest", VmRole.Guest)];
    // Old names (nx for pc98) are read too; errors list the current names only.
    private static readonly ImmutableArray<(string Name, PlatformProfile Value)> ProfileChoices =
        [.. PlatformProfile.All.SelectMany(p => p.OldNames.Prepend(p.Name).Select(name => (name, p)))];
    private static readonly ImmutableArray<string> ProfileNames = [.. PlatformProfile.All.Select(p => p.Name)];
    private static readonly ImmutableArray<(string Name, EngineKind Value)> Engines = [.. EngineKinds.All];
    private static readonly ImmutableArray<(string Name, CpuModel Value)> Cpus = [("8086", CpuModel.I8086), ("80286", CpuModel.I80286), ("80386", CpuModel.I80386)];
    private static readonly ImmutableArray<(string Name, WindowMapping Value)> Mappings = [("identity", WindowMapping.Identity), ("relocate", WindowMapping.Relocate)];
    private static readonly ImmutableArray<(string Name, ClockKind Value)> ClockModes = [("virtual", ClockKind.Virtual), ("realtime", ClockKind.Realtime)];

    private static readonly ImmutableArray<(string Name, SharingPolicy Value)> MotorPolicies =
        [("any", SharingPolicy.Any), ("all", SharingPolicy.All), ("lease", SharingPolicy.Lease), ("passthrough", SharingPolicy.Passthrough), ("exclusive", SharingPolicy.Exclusive)];
    private static readonly ImmutableArray<(string Name, SharingPolicy Value)> TransactionPolicies =
        [("lease", SharingPolicy.Lease), ("passthrough", SharingPolicy.Passthrough), ("exclusive", SharingPolicy.Exclusive)];
    private static readonly ImmutableArray<(string Name, SharingPolicy Value)> PowerPolicies =
        [("all", SharingPolicy.All), ("any", SharingPolicy.Any), ("passthrough", SharingPolicy.Passthrough), ("exclusive", SharingPolicy.Exclusive)];

    private readonly string _file;
    private readonly string _folder;
    private readonly string _fullPath;
    private readonly List<MachineFileError> _errors = [];

    /// <param name="displayPath">The path errors name (as the user gave it).</param>
    /// <param name="fullPath">The file's full path; relative paths in it resolve against its folder.</param>
    public MachineFileReader(string displayPath, string fullPath)
    {
        _file = displayPath;
        _fullPath = fullPath;
        _folder = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
    }

    private sealed class DriveDraft
    {
        public required string Path { get; init; }
        public required TomlNode Node { get; init; }
        public string? Name { get; set; }
        public string ImagePath { get; set; } = "";
        public FloppyGeometry Format { get; set; }
        public bool ReadOnly { get; set; }
        public int? Unit { get; set; }
        public TomlEntry? UnitEntry { get; set; }
        public TomlEntry? ImageEntry { get; set; }
    }

    private sealed class VmDraft
    {
        public required string Path { get; init; }
        public required TomlNode Node { get; init; }
        public string? Name { get; set; }
        public VmRole? Role { get; set; }
        public TomlEntry? RoleEntry { get; set; }
        public PlatformProfile Profile { get; set; } = PlatformProfile.At;
        public int MemoryKib { get; set; }
        public EngineKind Engine { get; set; }
        public CpuModel Cpu { get; set; }
        public string BootDrive { get; set; } = "";
        public BusyByteSpec BusyByte { get; set; }
        public ImmutableArray<GateWindow> Free { get; set; } = [];
    }

    public MachineFileResult Read(TomlNode root)
    {
        CheckKeys(root, "", RootKeys);
        var drives = ReadDrives(root);
        var vms = ReadVms(root, drives);
        var gates = ReadGates(root, vms);
        var mounts = ReadMounts(root, vms);
        var policy = ReadPolicy(root);
        var clock = ReadClock(root);
        string? trace = ReadTrace(root);

        if (_errors.Count > 0)
            return MachineFileResult.Invalid(_errors.OrderBy(e => e.Line).ThenBy(e => e.Column));

        return MachineFileResult.Valid(new MachineSpec(
            _fullPath,
            [.. vms.Select(v => new VmSpec(v.Name!, v.Role!.Value, v.Profile, v.MemoryKib, v.Engine, v.Cpu, v.BootDrive, v.BusyByte) { Free = v.Free })],
            [.. drives.Select(d => new DriveSpec(d.Name!, d.ImagePath, d.Format, d.ReadOnly, d.Unit!.Value))],
            gates,
            policy,
            clock,
            trace) { Mounts = mounts });
    }

    // ---- drives ----

    private List<DriveDraft> ReadDrives(TomlNode root)
    {
        var drafts = new List<DriveDraft>();
        var tables = TableArray(root, "drive", "a machine needs at least one [[drive]] table (every VM boots from one)");
        for (int i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var draft = new DriveDraft { Path = $"drive[{i}]", Node = table };
            CheckKeys(table, draft.Path, DriveKeys);

            draft.Name = ReadName(table, draft.Path, drafts.Select(d => (d.Name, d.Path)));
            if (draft.Name is { Length: 1 } && char.ToUpperInvariant(draft.Name[0]) is >= 'A' and <= 'D')
            {
                Error(table.Find("name")!.Value, Join(draft.Path, "name"), "a drive letter cannot be a drive's name (boot = \"A\" already means unit 0): valid names are longer");
            }

            var formatEntry = table.Find("format");
            FloppyGeometry? format = null;
            if (formatEntry is not null && TryString(formatEntry, draft.Path, FormatValidText(), out string formatText) &&
                !formatText.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                format = FloppyGeometry.Standard.Cast<FloppyGeometry?>()
                    .FirstOrDefault(g => g!.Value.Name.Equals(formatText, StringComparison.OrdinalIgnoreCase));
                if (format is null)
                    BadChoice(formatEntry, draft.Path, formatText, ["auto", .. FloppyGeometry.Standard.Select(g => g.Name)]);
            }

            var imageEntry = table.Find("image");
            if (imageEntry is null) Missing(table, draft.Path, "image", "the raw diskette image, a path (relative to the machine file's folder)");
            else if (TryString(imageEntry, draft.Path, "valid values are paths of raw diskette images", out string image))
            {
                var (path, geometry) = CheckImage(imageEntry, Join(draft.Path, "image"), image, format);
                draft.ImagePath = path;
                draft.Format = geometry;
                draft.ImageEntry = imageEntry;
            }

            draft.ReadOnly = ReadBool(table, draft.Path, "read_only", false);

            var unitEntry = table.Find("unit");
            if (unitEntry is not null)
            {
                draft.UnitEntry = unitEntry;
                if (TryInteger(unitEntry, draft.Path, 0, DriveUnits - 1, "valid values are 0 to 3 (A: to D:)", out long unit)) draft.Unit = (int)unit;
            }
            drafts.Add(draft);
        }

        AssignUnits(drafts);
        CheckSharedImages(drafts);
        return drafts;
    }

    /// <summary>
    /// One image file in two drives (by any path, symbolic links followed): two controllers' worth of
    /// writes to one file would corrupt it, so only read-only drives may share an image.
    /// </summary>
    private void CheckSharedImages(List<DriveDraft> drafts)
    {
        var owners = new Dictionary<string, DriveDraft>(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            if (d.ImageEntry is null || d.ImagePath.Length == 0) continue;
            string identity = ImageIdentity(d.ImagePath);
            if (!owners.TryGetValue(identity, out var first))
            {
                owners[identity] = d;
                continue;
            }
            if (d.ReadOnly && first.ReadOnly) continue;
            Error(d.ImageEntry.Value, Join(d.Path, "image"),
                $"{Describe(first.Path, first.Name)} has this image already ({identity}): an image can be in one drive only, unless every drive that has it is read_only = true");
        }
    }

    /// <summary>The image's full path with every symbolic link on it resolved.</summary>
    private static string ImageIdentity(string fullPath)
    {
        try
        {
            return File.ResolveLinkTarget(fullPath, returnFinalTarget: true)?.FullName ?? fullPath;
        }
        catch (IOException)
        {
            return fullPath; // a link loop or an unreadable link: the path is all there is
        }
    }

    private void AssignUnits(List<DriveDraft> drafts)
    {
        var taken = new Dictionary<int, DriveDraft>();
        foreach (var d in drafts)
        {
            if (d.Unit is not { } unit) continue;
            if (taken.TryGetValue(unit, out var other))
            {
                Error(d.UnitEntry!.Value, Join(d.Path, "unit"), $"{Describe(other.Path, other.Name)} is already unit {unit}: each unit holds one drive");
                d.Unit = null;
            }
            else taken[unit] = d;
        }
        foreach (var d in drafts)
        {
            if (d.Unit is not null || d.UnitEntry is not null) continue;
            int free = Enumerable.Range(0, DriveUnits).FirstOrDefault(u => !taken.ContainsKey(u), -1);
            if (free < 0)
            {
                Error(d.Node, d.Path, $"no free unit left: a machine has at most {DriveUnits} drives (units 0 to 3)");
                continue;
            }
            d.Unit = free;
            taken[free] = d;
        }
    }

    private (string Path, FloppyGeometry Format) CheckImage(TomlEntry entry, string key, string image, FloppyGeometry? format)
    {
        string full;
        try
        {
            full = Path.GetFullPath(image, _folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Error(entry.Value, key, "not a valid path");
            return ("", default);
        }

        if (Directory.Exists(full))
        {
            Error(entry.Value, key, $"{full} is a folder: valid values are raw diskette image files");
            return (full, default);
        }
        var info = new FileInfo(ImageIdentity(full)); // a symbolic link's own length is not the image's
        if (!info.Exists)
        {
            Error(entry.Value, key, $"no such file ({full})");
            return (full, default);
        }

        long size = info.Length;
        if (format is { } wanted)
        {
            if (size != wanted.TotalBytes)
                Error(entry.Value, key, $"the image has {size} bytes; format {wanted.Name} needs {wanted.TotalBytes} bytes");
            return (full, wanted);
        }
        if (FloppyGeometry.FromImageSize(size) is { } found) return (full, found);
        Error(entry.Value, key, $"the image has {size} bytes, not the size of a known diskette format: valid sizes are {FloppyGeometry.ValidSizes}{FloppyGeometry.SizeHint(size)}");
        return (full, default);
    }

    private static string FormatValidText() =>
        "valid values are auto, " + string.Join(", ", FloppyGeometry.Standard.Select(g => g.Name));

    // ---- VMs ----

    private List<VmDraft> ReadVms(TomlNode root, List<DriveDraft> drives)
    {
        var drafts = new List<VmDraft>();
        var tables = TableArray(root, "vm", "a machine needs [[vm]] tables, exactly one with role = \"parent\"");
        for (int i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var draft = new VmDraft { Path = $"vm[{i}]", Node = table };
            CheckKeys(table, draft.Path, VmKeys);

            draft.Name = ReadName(table, draft.Path, drafts.Select(d => (d.Name, d.Path)));

            draft.RoleEntry = table.Find("role");
            if (draft.RoleEntry is null) Missing(table, draft.Path, "role", "valid values are parent, guest");
            else draft.Role = ReadChoice(draft.RoleEntry, draft.Path, Roles);

            var profileEntry = table.Find("profile");
            draft.Profile = profileEntry is not null && TryReadChoice(profileEntry, draft.Path, ProfileChoices, out PlatformProfile? profile, ProfileNames)
                ? profile : PlatformProfile.At;

            draft.Cpu = ReadCpu(table, draft.Path);

            int maxKib = VmHardwareOptions.HasExtendedMemory(draft.Cpu, draft.Profile) ? VmHardwareOptions.MaxMemoryKib386 : draft.Profile.MaxMemoryKib;
            draft.MemoryKib = draft.Profile.MaxMemoryKib;
            var memoryEntry = table.Find("memory_kib");
            string memoryValid = $"valid values are {VmHardwareOptions.ValidMemory(draft.Cpu, draft.Profile)}";
            if (memoryEntry is not null && TryInteger(memoryEntry, draft.Path, draft.Profile.MinMemoryKib, maxKib, memoryValid, out long kib))
            {
                if (!VmHardwareOptions.MemoryFits(draft.Cpu, draft.Profile, kib)) Error(memoryEntry.Value, Join(draft.Path, "memory_kib"), memoryValid);
                draft.MemoryKib = (int)kib;
            }

            var engineEntry = table.Find("engine");
            draft.Engine = engineEntry is null ? EngineKind.Auto : ReadChoice(engineEntry, draft.Path, Engines) ?? EngineKind.Auto;
            if (engineEntry is not null && !EngineFactory.Runs(draft.Engine, draft.Cpu, out string engineReason) && EngineFactory.IsAvailable(draft.Engine, out _))
                Error(engineEntry.Value, Join(draft.Path, "engine"), engineReason);

            draft.BootDrive = ReadBoot(table, draft.Path, drives);
            draft.BusyByte = ReadBusyByte(table, draft.Path);
            draft.Free = ReadFree(table, draft.Path, draft.MemoryKib);
            drafts.Add(draft);
        }

        var parents = drafts.Where(d => d.Role == VmRole.Parent).ToList();
        if (tables.Count > 0 && parents.Count == 0 && drafts.All(d => d.RoleEntry is null || d.Role is not null))
            Error(tables[0], "vm", "no VM has role = \"parent\": exactly one VM must be the parent");
        foreach (var extra in parents.Skip(1))
            Error(extra.RoleEntry!.Value, Join(extra.Path, "role"),
                $"{Describe(parents[0].Path, parents[0].Name)} is already the parent: exactly one VM may be the parent");
        return drafts;
    }

    /// <summary>
    /// <c>free</c>: pages of the VM's own memory its OS never uses, which a gate's window may cover
    /// during a call (a segment range "SSSS-EEEE", or an array of them), inside its memory.
    /// </summary>
    private ImmutableArray<GateWindow> ReadFree(TomlNode table, string path, int memoryKib)
    {
        int baseKib = Math.Min(memoryKib, 640); // a window lies below 1 MiB: in base memory, also with memory above 1 MiB
        string valid = $"valid values are a segment range \"SSSS-EEEE\" in hex of whole 4 KiB pages inside the VM's {baseKib} KiB (e.g. \"9000-9FFF\"), or an array of them";
        var entry = table.Find("free");
        if (entry is null) return [];
        string key = Join(path, "free");
        IReadOnlyList<TomlNode> items = entry.Value.Kind switch
        {
            TomlKind.String => [entry.Value],
            TomlKind.Array => entry.Value.Items,
            _ => [],
        };
        if (entry.Value.Kind is not (TomlKind.String or TomlKind.Array))
        {
            TypeError(entry, path, TomlKind.String, valid);
            return [];
        }
        var ranges = ImmutableArray.CreateBuilder<GateWindow>();
        foreach (TomlNode item in items)
        {
            string text = item.Kind == TomlKind.String ? ((string)item.Scalar!).Trim() : "";
            int dash = text.IndexOf('-');
            if (dash <= 0 || !TryHex16(text[..dash], out int first) || !TryHex16(text[(dash + 1)..], out int last) || last < first)
            {
                Error(item, key, valid);
                continue;
            }
            long address = (long)first << 4, end = ((long)last + 1) << 4;
            if (address % PageSize != 0 || end % PageSize != 0 || end > baseKib * 1024L)
            {
                Error(item, key, valid);
                continue;
            }
            ranges.Add(new GateWindow((int)address, (int)(end - address)));
        }
        return ranges.ToImmutable();
    }

    private CpuModel ReadCpu(TomlNode table, string path)
    {
        const string valid = "valid values are 8086, 80286, 80386";
        var entry = table.Find("cpu");
        if (entry is null) return CpuModel.I80286;
        switch (entry.Value.Scalar)
        {
            case long number when entry.Value.Kind == TomlKind.Integer:
                if (number == 8086) return CpuModel.I8086;
                if (number == 80286) return CpuModel.I80286;
                if (number == 80386) return CpuModel.I80386;
                Error(entry.Value, Join(path, "cpu"), valid);
                return CpuModel.I80286;
            case string:
                return ReadChoice(entry, path, Cpus) ?? CpuModel.I80286;
            default:
                TypeError(entry, path, TomlKind.String, valid);
                return CpuModel.I80286;
        }
    }

    private string ReadBoot(TomlNode table, string path, List<DriveDraft> drives)
    {
        var named = drives.Where(d => d.Name is not null).ToList();
        string valid = named.Count == 0
            ? "valid values are a drive's name or a letter A to D"
            : "valid values are " + string.Join(", ", named.Select(d => d.Unit is { } u ? $"{d.Name} ({(char)('A' + u)}:)" : d.Name)) + " or a letter A to D";
        var entry = table.Find("boot");
        string text = "A";
        if (entry is not null && !TryString(entry, path, valid, out text)) return "";

        var byName = named.FirstOrDefault(d => d.Name == text);
        if (byName is not null) return byName.Name!;

        string letter = text.EndsWith(':') ? text[..^1] : text;
        if (letter.Length == 1 && char.ToUpperInvariant(letter[0]) is >= 'A' and <= 'D' and var upper)
        {
            int unit = upper - 'A';
            var byUnit = drives.FirstOrDefault(d => d.Unit == unit);
            if (byUnit?.Name is not null) return byUnit.Name;
            if (byUnit is null && entry is not null) Error(entry.Value, Join(path, "boot"), $"no drive is unit {unit} ({upper}:): {valid}");
            else if (byUnit is null && drives.Count > 0) Missing(table, path, "boot", $"no drive is unit 0 (A:), where a VM boots by default: {valid}");
            return "";
        }
        var suggestion = Suggestions.Closest(text, named.Select(d => d.Name!));
        Error(entry!.Value, Join(path, "boot"), $"no drive has this name: {DidYouMean(suggestion)}{valid}");
        return "";
    }

    private BusyByteSpec ReadBusyByte(TomlNode table, string path)
    {
        const string valid = "valid values are \"auto\", \"none\", a \"segment:offset\" in hex (e.g. \"0070:0123\") or a linear address below 100000h (e.g. 0x00823)";
        var entry = table.Find("busy_byte");
        if (entry is null) return BusyByteSpec.Auto;
        string key = Join(path, "busy_byte");
        switch (entry.Value.Kind)
        {
            case TomlKind.Integer:
                long linear = (long)entry.Value.Scalar!;
                if (linear is >= 0 and < OneMiB) return BusyByteSpec.At((int)linear);
                Error(entry.Value, key, valid);
                return BusyByteSpec.Auto;
            case TomlKind.String:
                string text = ((string)entry.Value.Scalar!).Trim();
                if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return BusyByteSpec.Auto;
                if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return BusyByteSpec.None;
                int colon = text.IndexOf(':');
                if (colon > 0 && TryHex16(text[..colon], out int segment) && TryHex16(text[(colon + 1)..], out int offset))
                {
                    int address = (segment << 4) + offset;
                    if (address < OneMiB) return BusyByteSpec.At(address);
                    Error(entry.Value, key, $"{address:X}h is beyond 1 MiB: {valid}");
                    return BusyByteSpec.Auto;
                }
                Error(entry.Value, key, $"{DidYouMean(Suggestions.Closest(text, ["auto", "none"]))}{valid}");
                return BusyByteSpec.Auto;
            default:
                TypeError(entry, path, TomlKind.String, valid);
                return BusyByteSpec.Auto;
        }
    }

    // ---- mounts ----

    private ImmutableArray<MountSpec> ReadMounts(TomlNode root, List<VmDraft> vms)
    {
        var mounts = ImmutableArray.CreateBuilder<MountSpec>();
        var seen = new Dictionary<(string Vm, char Letter), string>();
        var names = vms.Where(v => v.Name is not null).Select(v => v.Name!).Distinct().ToList();
        string validVms = names.Count == 0 ? "valid values are the names of [[vm]] tables" : "valid values are " + string.Join(", ", names);
        string? parent = vms.FirstOrDefault(v => v.Role == VmRole.Parent)?.Name;
        var tables = TableArray(root, "mount", null);
        for (int i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            string path = $"mount[{i}]";
            CheckKeys(table, path, MountKeys);

            string? vm = parent;
            if (table.Find("vm") is not null) vm = ReadVmReference(table, path, "vm", names, validVms)?.Name;

            char letter = '\0';
            var letterEntry = table.Find("letter");
            const string letterValid = "valid values are a drive letter C to Z (\"D\" or \"D:\")";
            if (letterEntry is null) Missing(table, path, "letter", letterValid);
            else if (TryString(letterEntry, path, letterValid, out string letterText))
            {
                if (MountSpec.LetterProblem(letterText, out letter) is { } problem) Error(letterEntry.Value, Join(path, "letter"), problem);
                else if (vm is not null && seen.TryGetValue((vm, letter), out string? other))
                    Error(letterEntry.Value, Join(path, "letter"), $"{other} already mounts {letter}: in vm \"{vm}\": a drive letter holds one folder");
                else if (vm is not null) seen[(vm, letter)] = path;
            }

            string hostPath = "";
            var pathEntry = table.Find("path");
            const string pathValid = "the host folder served as the drive, a path (relative to the machine file's folder)";
            if (pathEntry is null) Missing(table, path, "path", pathValid);
            else if (TryString(pathEntry, path, "valid values are paths of host folders", out string given))
            {
                try
                {
                    hostPath = Path.GetFullPath(given, _folder);
                    if (File.Exists(hostPath)) Error(pathEntry.Value, Join(path, "path"), $"{hostPath} is a file: valid values are folders");
                    else if (!Directory.Exists(hostPath)) Error(pathEntry.Value, Join(path, "path"), $"no such folder ({hostPath})");
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    Error(pathEntry.Value, Join(path, "path"), "not a valid path");
                }
            }

            bool readOnly = ReadBool(table, path, "read_only", false);
            mounts.Add(new MountSpec(vm ?? "", letter, hostPath, readOnly));
        }
        return mounts.ToImmutable();
    }

    // ---- gates ----

    private ImmutableArray<GateSpec> ReadGates(TomlNode root, List<VmDraft> vms)
    {
        var gates = ImmutableArray.CreateBuilder<GateSpec>();
        var seen = new Dictionary<(string Caller, long Vector), string>();
        var tables = TableArray(root, "gate", null);
        var names = vms.Where(v => v.Name is not null).Select(v => v.Name!).Distinct().ToList();
        string validVms = names.Count == 0 ? "valid values are the names of [[vm]] tables" : "valid values are " + string.Join(", ", names);
        for (int i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            string path = $"gate[{i}]";
            CheckKeys(table, path, GateKeys);

            var caller = ReadVmReference(table, path, "caller", names, validVms);
            var callee = ReadVmReference(table, path, "callee", names, validVms);
            if (caller is not null && callee is not null && caller.Value.Name == callee.Value.Name)
                Error(callee.Value.Entry.Value, Join(path, "callee"), "the callee must be another VM than the caller: " + validVms);

            const string vectorValid = "valid values are 0 to 255 (0x00 to 0xFF)";
            long vector = 0;
            var vectorEntry = table.Find("vector");
            if (vectorEntry is null) Missing(table, path, "vector", "the interrupt vector the caller executes: " + vectorValid);
            else if (TryInteger(vectorEntry, path, 0, 255, vectorValid, out vector) && caller is not null)
            {
                if (seen.TryGetValue((caller.Value.Name, vector), out string? other))
                    Error(vectorEntry.Value, Join(path, "vector"), $"{other} already binds vector {vector:X2}h of vm \"{caller.Value.Name}\": a (caller, vector) pair has one gate");
                else seen[(caller.Value.Name, vector)] = path;
            }

            long service = vector;
            var serviceEntry = table.Find("service");
            if (serviceEntry is not null) TryInteger(serviceEntry, path, 0, 255, vectorValid, out service);

            GateWindow? window = null;
            var windowEntry = table.Find("window");
            if (windowEntry is not null)
            {
                window = ReadWindow(windowEntry, path);
                var callerVm = caller is null ? null : vms.FirstOrDefault(v => v.Name == caller.Value.Name);
                int conventionalKib = callerVm is null ? 0 : Math.Min(callerVm.MemoryKib, callerVm.Profile.MaxMemoryKib);
                if (window is { } w && callerVm is not null && w.End > conventionalKib * 1024)
                    Error(windowEntry.Value, Join(path, "window"),
                        $"the window ends at {w.End - 1:X5}h, beyond the {conventionalKib} KiB of conventional memory of vm \"{callerVm.Name}\": a window lends the caller's own memory");
            }

            var mappingEntry = table.Find("mapping");
            // Relocation by default: a window then never covers the callee's own memory (docs/gates.md).
            var unspecified = windowEntry is null ? WindowMapping.Identity : WindowMapping.Relocate;
            var mapping = mappingEntry is null ? unspecified : ReadChoice(mappingEntry, path, Mappings) ?? unspecified;
            if (mapping == WindowMapping.Relocate && windowEntry is null)
                Error(mappingEntry!.Value, Join(path, "mapping"), "relocation needs a window: add window = \"SSSS-EEEE\" or use mapping = \"identity\"");

            var readOnlyEntry = table.Find("window_read_only");
            bool windowReadOnly = ReadBool(table, path, "window_read_only", false);
            if (windowReadOnly && windowEntry is null)
                Error(readOnlyEntry!.Value, Join(path, "window_read_only"), "a gate without a window lends no memory: add window = \"SSSS-EEEE\" or remove window_read_only");

            var allowEntry = table.Find("allow");
            GateServices? allow = allowEntry is null ? null : ReadServices(allowEntry, path);

            gates.Add(new GateSpec(caller?.Name ?? "", (byte)vector, callee?.Name ?? "", (byte)service, window, mapping, allow, windowReadOnly));
        }
        return gates.ToImmutable();
    }

    /// <summary>
    /// A gate's <c>allow</c>: "all", or an array of AH values (integers 0-255, or strings "3Dh") and
    /// ranges ("3Ch-40h"). Null (every service) for "all" or after an error.
    /// </summary>
    private GateServices? ReadServices(TomlEntry entry, string path)
    {
        const string valid = "valid values are \"all\" or an array of the services (AH values) the gate passes, " +
                             "as integers 0-255 (0x3D), strings \"3Dh\" or ranges \"3Ch-40h\", e.g. allow = [\"3Dh-3Fh\", \"42h\"]";
        string key = Join(path, "allow");
        if (entry.Value.Kind == TomlKind.String)
        {
            if (((string)entry.Value.Scalar!).Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
            Error(entry.Value, key, valid);
            return null;
        }
        if (entry.Value.Kind != TomlKind.Array)
        {
            TypeError(entry, path, TomlKind.Array, valid);
            return null;
        }
        if (entry.Value.Items.Count == 0)
        {
            Error(entry.Value, key, $"an empty list passes no service, so every call would be refused: {valid}");
            return null;
        }
        var ranges = new List<(byte First, byte Last)>();
        bool ok = true;
        for (int i = 0; i < entry.Value.Items.Count; i++)
        {
            var item = entry.Value.Items[i];
            string itemKey = $"{key}[{i}]";
            if (item.Kind == TomlKind.Integer && (long)item.Scalar! is >= 0 and <= 255 and var number)
                ranges.Add(((byte)number, (byte)number));
            else if (item.Kind == TomlKind.String && ParseServiceRange((string)item.Scalar!) is { } range)
            {
                if (range.Last < range.First)
                {
                    Error(item, itemKey, $"the range ends before it starts: {valid}");
                    ok = false;
                }
                else ranges.Add(range);
            }
            else
            {
                Error(item, itemKey, valid);
                ok = false;
            }
        }
        return ok ? new GateServices(ranges) : null;
    }

    /// <summary>"3Dh", "3D", "0x3D" or a range of two of them joined by '-'; null when it is none.</summary>
    private static (byte First, byte Last)? ParseServiceRange(string text)
    {
        int dash = text.IndexOf('-');
        if (dash < 0) return ParseServiceByte(text) is { } only ? (only, only) : null;
        return ParseServiceByte(text[..dash]) is { } first && ParseServiceByte(text[(dash + 1)..]) is { } last ? (first, last) : null;
    }

    private static byte? ParseServiceByte(string text)
    {
        string t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        else if (t.EndsWith('h') || t.EndsWith('H')) t = t[..^1];
        return t.Length is >= 1 and <= 2 && byte.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value)
            ? value
            : null;
    }

    private (string Name, TomlEntry Entry)? ReadVmReference(TomlNode table, string path, string key, List<string> names, string valid)
    {
        var entry = table.Find(key);
        if (entry is null)
        {
            Missing(table, path, key, valid);
            return null;
        }
        if (!TryString(entry, path, valid, out string name)) return null;
        if (names.Contains(name)) return (name, entry);
        Error(entry.Value, Join(path, key), $"no VM has this name: {DidYouMean(Suggestions.Closest(name, names))}{valid}");
        return null;
    }

    private GateWindow? ReadWindow(TomlEntry entry, string path)
    {
        const string valid = "valid values are a segment range \"SSSS-EEEE\" in hex (e.g. \"1000-1FFF\") or { address = 0x10000, length = 0x10000 }, in whole 4 KiB pages below 1 MiB";
        string key = Join(path, "window");
        long address, length;
        switch (entry.Value.Kind)
        {
            case TomlKind.String:
            {
                string text = ((string)entry.Value.Scalar!).Trim();
                int dash = text.IndexOf('-');
                if (dash <= 0 || !TryHex16(text[..dash], out int first) || !TryHex16(text[(dash + 1)..], out int last))
                {
                    Error(entry.Value, key, valid);
                    return null;
                }
                if (last < first)
                {
                    Error(entry.Value, key, $"the last segment comes before the first: {valid}");
                    return null;
                }
                address = (long)first << 4;
                length = (((long)last + 1) << 4) - address;
                break;
            }
            case TomlKind.Table:
            {
                var table = entry.Value;
                CheckKeys(table, key, WindowKeys);
                var a = table.Find("address");
                var l = table.Find("length");
                if (a is null) Missing(table, key, "address", "the window's first linear address");
                if (l is null) Missing(table, key, "length", "the window's length in bytes");
                if (a is null || l is null) return null;
                bool ok = TryInteger(a, key, 0, OneMiB - PageSize, "valid values are page-aligned linear addresses below 100000h", out address);
                ok &= TryInteger(l, key, PageSize, OneMiB, "valid values are whole 4 KiB pages up to 1 MiB", out length);
                if (!ok) return null;
                break;
            }
            default:
                TypeError(entry, path, TomlKind.String, valid);
                return null;
        }
        if (address % PageSize != 0 || length % PageSize != 0)
        {
            Error(entry.Value, key, $"the window must start and end on 4 KiB page boundaries (the monitor lends whole pages): {valid}");
            return null;
        }
        if (address + length > OneMiB)
        {
            Error(entry.Value, key, $"the window ends beyond 1 MiB: {valid}");
            return null;
        }
        return new GateWindow((int)address, (int)length);
    }

    // ---- policy, clock, trace ----

    private PolicySpec ReadPolicy(TomlNode root)
    {
        var policy = PolicySpec.Default;
        var table = SubTable(root, "", "policy");
        if (table is null) return policy;
        CheckKeys(table, "policy", PolicyKeys);

        var fdc = SubTable(table, "policy", "fdc");
        if (fdc is not null)
        {
            CheckKeys(fdc, "policy.fdc", FdcKeys);
            policy = policy with
            {
                FdcMotor = ReadPolicyField(fdc, "policy.fdc", "motor", MotorPolicies) ?? policy.FdcMotor,
                FdcSelect = ReadPolicyField(fdc, "policy.fdc", "select", TransactionPolicies) ?? policy.FdcSelect,
                FdcReset = ReadPolicyField(fdc, "policy.fdc", "reset", TransactionPolicies) ?? policy.FdcReset,
                FdcDmaGate = ReadPolicyField(fdc, "policy.fdc", "dma_gate", TransactionPolicies) ?? policy.FdcDmaGate,
                FdcCommand = ReadPolicyField(fdc, "policy.fdc", "command", TransactionPolicies) ?? policy.FdcCommand,
            };
        }
        policy = policy with { Power = ReadPolicyField(table, "policy", "power", PowerPolicies) ?? policy.Power };

        var hold = table.Find("exclusive_hold_ms");
        if (hold is not null && TryInteger(hold, "policy", 0, MaxExclusiveHoldMs, $"valid values are 0 to {MaxExclusiveHoldMs} (milliseconds)", out long ms))
            policy = policy with { ExclusiveHoldMs = (int)ms };
        return policy;
    }

    private SharingPolicy? ReadPolicyField(TomlNode table, string path, string key, ImmutableArray<(string Name, SharingPolicy Value)> valid)
    {
        var entry = table.Find(key);
        return entry is null ? null : ReadChoice(entry, path, valid);
    }

    private ClockSpec ReadClock(TomlNode root)
    {
        var clock = ClockSpec.Default;
        var table = SubTable(root, "", "clock");
        if (table is null) return clock;
        CheckKeys(table, "clock", ClockKeys);

        var mode = table.Find("mode");
        if (mode is not null) clock = clock with { Kind = ReadChoice(mode, "clock", ClockModes) ?? clock.Kind };

        var rate = table.Find("instructions_per_second");
        string valid = $"valid values are {MinInstructionsPerSecond} to {MaxInstructionsPerSecond} dividing 1000000000 (each instruction takes whole nanoseconds), e.g. 1000000, 4000000, 10000000";
        if (rate is not null && TryInteger(rate, "clock", MinInstructionsPerSecond, MaxInstructionsPerSecond, valid, out long ips))
        {
            if (1_000_000_000 % ips != 0) Error(rate.Value, "clock.instructions_per_second", valid);
            else clock = clock with { InstructionsPerSecond = ips };
        }
        return clock;
    }

    private string? ReadTrace(TomlNode root)
    {
        var table = SubTable(root, "", "trace");
        if (table is null) return null;
        CheckKeys(table, "trace", TraceKeys);
        var entry = table.Find("path");
        const string valid = "valid values are file paths (relative to the machine file's folder) in an existing folder";
        if (entry is null)
        {
            Missing(table, "trace", "path", valid);
            return null;
        }
        if (!TryString(entry, "trace", valid, out string text)) return null;
        string full;
        try
        {
            full = Path.GetFullPath(text, _folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Error(entry.Value, "trace.path", valid);
            return null;
        }
        if (Directory.Exists(full)) Error(entry.Value, "trace.path", $"{full} is a folder: {valid}");
        else if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder)) Error(entry.Value, "trace.path", $"no such folder ({folder}): {valid}");
        return full;
    }

    // ---- helpers: shapes ----

    private IReadOnlyList<TomlNode> TableArray(TomlNode root, string key, string? missing)
    {
        var entry = root.Find(key);
        if (entry is null)
        {
            if (missing is not null) Missing(root, "", key, missing);
            return [];
        }
        if (entry.Value.Kind != TomlKind.Array)
        {
            Error(entry.Value, key, $"expected an array of tables ([[{key}]]), found {entry.Value.Kind.Describe()}");
            return [];
        }
        var tables = new List<TomlNode>();
        for (int i = 0; i < entry.Value.Items.Count; i++)
        {
            var item = entry.Value.Items[i];
            if (item.Kind == TomlKind.Table) tables.Add(item);
            else Error(item, $"{key}[{i}]", $"expected a table, found {item.Kind.Describe()}");
        }
        return tables;
    }

    private TomlNode? SubTable(TomlNode table, string path, string key)
    {
        var entry = table.Find(key);
        if (entry is null) return null;
        if (entry.Value.Kind == TomlKind.Table) return entry.Value;
        Error(entry.Value, Join(path, key), $"expected a table ([{Join(path, key)}]), found {entry.Value.Kind.Describe()}");
        return null;
    }

    private void CheckKeys(TomlNode table, string path, ImmutableArray<string> known)
    {
        foreach (var entry in table.Entries)
        {
            if (known.Contains(entry.Key)) continue;
            string? suggestion = Suggestions.Closest(entry.Key, known);
            string message = suggestion is null
                ? $"unknown key: valid keys are {string.Join(", ", known)}"
                : $"unknown key, did you mean {suggestion}? valid keys are {string.Join(", ", known)}";
            _errors.Add(new MachineFileError(_file, entry.Line, entry.Column, Join(path, Quote(entry.Key)), ValueText(entry.Value), message));
        }
    }

    // ---- helpers: scalars ----

    private string? ReadName(TomlNode table, string path, IEnumerable<(string? Name, string Path)> earlier)
    {
        const string valid = "valid values are 1 to 16 letters, digits, '_' or '-', starting with a letter";
        var entry = table.Find("name");
        if (entry is null)
        {
            Missing(table, path, "name", valid);
            return null;
        }
        if (!TryString(entry, path, valid, out string name)) return null;
        if (!IsValidName(name))
        {
            Error(entry.Value, Join(path, "name"), valid);
            return null;
        }
        foreach (var (otherName, otherPath) in earlier)
        {
            if (otherName != name) continue;
            Error(entry.Value, Join(path, "name"), $"{otherPath} already has this name: names are unique");
            return name;
        }
        return name;
    }

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || !char.IsAsciiLetter(name[0])) return false;
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-') return false;
        return true;
    }

    private bool ReadBool(TomlNode table, string path, string key, bool fallback)
    {
        var entry = table.Find(key);
        if (entry is null) return fallback;
        if (entry.Value.Kind == TomlKind.Boolean) return (bool)entry.Value.Scalar!;
        TypeError(entry, path, TomlKind.Boolean, "valid values are true, false");
        return fallback;
    }

    private T? ReadChoice<T>(TomlEntry entry, string path, ImmutableArray<(string Name, T Value)> choices) where T : struct =>
        TryReadChoice(entry, path, choices, out T value) ? value : null;

    /// <summary>The value whose name the entry's string gives (case-insensitive); false with an error naming the valid ones.</summary>
    /// <param name="listed">The names an error lists (all of <paramref name="choices"/> when null).</param>
    private bool TryReadChoice<T>(TomlEntry entry, string path, ImmutableArray<(string Name, T Value)> choices, [MaybeNullWhen(false)] out T value,
        IReadOnlyList<string>? listed = null)
    {
        var names = listed?.ToList() ?? choices.Select(c => c.Name).ToList();
        string valid = "valid values are " + string.Join(", ", names);
        value = default;
        if (!TryString(entry, path, valid, out string text)) return false;
        foreach (var (name, choice) in choices)
        {
            if (!name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            value = choice;
            return true;
        }
        BadChoice(entry, path, text, names);
        return false;
    }

    private void BadChoice(TomlEntry entry, string path, string text, IReadOnlyList<string> names)
    {
        string? suggestion = Suggestions.Closest(text.Trim(), names);
        Error(entry.Value, Join(path, entry.Key), $"{DidYouMean(suggestion)}valid values are {string.Join(", ", names)}");
    }

    private bool TryString(TomlEntry entry, string path, string valid, out string value)
    {
        if (entry.Value.Kind == TomlKind.String)
        {
            value = (string)entry.Value.Scalar!;
            return true;
        }
        TypeError(entry, path, TomlKind.String, valid);
        value = "";
        return false;
    }

    private bool TryInteger(TomlEntry entry, string path, long min, long max, string valid, out long value)
    {
        value = 0;
        if (entry.Value.Kind != TomlKind.Integer)
        {
            TypeError(entry, path, TomlKind.Integer, valid);
            return false;
        }
        long number = (long)entry.Value.Scalar!;
        if (number < min || number > max)
        {
            Error(entry.Value, Join(path, entry.Key), valid);
            return false;
        }
        value = number;
        return true;
    }

    private static bool TryHex16(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) &&
        text.Trim().Length is > 0 and <= 4;

    // ---- helpers: errors ----

    private void TypeError(TomlEntry entry, string path, TomlKind expected, string valid) =>
        Error(entry.Value, Join(path, entry.Key), $"expected {expected.Describe()}, found {entry.Value.Kind.Describe()}: {valid}");

    private void Missing(TomlNode table, string path, string key, string valid) =>
        _errors.Add(new MachineFileError(_file, table.Line, table.Column, Join(path, key), null, $"missing: {valid}"));

    private void Error(TomlNode value, string key, string message) =>
        _errors.Add(new MachineFileError(_file, value.Line, value.Column, key, ValueText(value), message));

    /// <summary>The value as written, for the message; none for a table given by a header; long values shortened.</summary>
    private static string? ValueText(TomlNode value)
    {
        if (value.Kind == TomlKind.Table && !value.Text.StartsWith('{')) return null;
        if (value.Kind == TomlKind.Array && value.IsTableArray) return null;
        string text = value.Text.ReplaceLineEndings(" ");
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"did you mean {suggestion}? ";

    private static string Describe(string path, string? name) => name is null ? path : $"{path} \"{name}\"";

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>A key as TOML would need it written: bare when it can be, quoted otherwise.</summary>
    private static string Quote(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : $"\"{key}\"";
}
