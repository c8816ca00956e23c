using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.MachineFiles;

public sealed class MachineFileValidTests : IDisposable
{
    private readonly MachineFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Two VMs, two drives, one gate: the least a file needs, plus what the test adds.</summary>
    private const string Minimal = """
        [[vm]]
        name = "pc"
        role = "parent"

        [[vm]]
        name = "nx"
        role = "guest"
        profile = "nx"

        [[drive]]
        name = "pc-system"
        image = "pc.img"

        [[gate]]
        caller = "nx"
        vector = 0x60
        callee = "pc"
        """;

    [Fact]
    public void A_full_valid_file_parses_to_the_expected_spec()
    {
        string pcImage = _dir.Image("disks/pc.img", MachineFolder.Size144M);
        string nxImage = _dir.Image("disks/nx.img", MachineFolder.Size123M);
        string swapImage = _dir.Image("disks/swap.img", MachineFolder.Size720K);

        var result = _dir.Load("""
            [[vm]]
            name = "pc"
            role = "parent"
            profile = "at"
            memory_kib = 512
            engine = "interp"
            cpu = "8086"
            boot = "pc-disk"
            busy_byte = "0070:0123"

            [[vm]]
            name = "nx"
            role = "guest"
            profile = "nx"
            memory_kib = 384
            engine = "kvm"
            cpu = "80286"
            boot = "B:"
            busy_byte = 0x00823

            [[drive]]
            name = "pc-disk"
            image = "disks/pc.img"
            format = "1.44M"
            read_only = false
            unit = 0

            [[drive]]
            name = "nx-disk"
            image = "disks/nx.img"
            format = "auto"
            unit = 1

            [[drive]]
            name = "swap"
            image = "disks/swap.img"
            read_only = true
            unit = 3

            [[gate]]
            caller = "nx"
            vector = 0x60
            callee = "pc"
            service = 0x21
            window = "1000-1FFF"
            mapping = "identity"

            [[gate]]
            caller = "pc"
            vector = 97
            callee = "nx"
            service = 0x21
            window = { address = 0x30000, length = 0x8000 }
            mapping = "relocate"

            [policy]
            fdc.motor = "passthrough"
            fdc.select = "exclusive"
            fdc.reset = "passthrough"
            fdc.dma_gate = "exclusive"
            fdc.command = "exclusive"
            power = "any"
            exclusive_hold_ms = 1500

            [clock]
            mode = "realtime"
            instructions_per_second = 4000000

            [trace]
            path = "out.jsonl"
            """);

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Errors);
        var spec = result.Spec;
        Assert.Equal(Path.Combine(_dir.Folder, "demo.toml"), spec.SourcePath);
        Assert.Equal(
            [
                new VmSpec("pc", VmRole.Parent, PlatformProfile.At, 512, EngineKind.Interp, CpuModel.I8086, "pc-disk", BusyByteSpec.At(0x00823)),
                new VmSpec("nx", VmRole.Guest, PlatformProfile.Pc98, 384, EngineKind.Kvm, CpuModel.I80286, "nx-disk", BusyByteSpec.At(0x00823)),
            ],
            spec.Vms);
        Assert.Equal(
            [
                new DriveSpec("pc-disk", pcImage, FloppyGeometry.Floppy1440K, false, 0),
                new DriveSpec("nx-disk", nxImage, FloppyGeometry.Floppy1232K, false, 1),
                new DriveSpec("swap", swapImage, FloppyGeometry.Floppy720K, true, 3),
            ],
            spec.Drives);
        Assert.Equal(
            [
                new GateSpec("nx", 0x60, "pc", 0x21, new GateWindow(0x10000, 0x10000), WindowMapping.Identity),
                new GateSpec("pc", 0x61, "nx", 0x21, new GateWindow(0x30000, 0x8000), WindowMapping.Relocate),
            ],
            spec.Gates);
        Assert.Equal(
            new PolicySpec(SharingPolicy.Passthrough, SharingPolicy.Exclusive, SharingPolicy.Passthrough, SharingPolicy.Exclusive,
                SharingPolicy.Exclusive, SharingPolicy.Any, 1500),
            spec.Policy);
        Assert.Equal(new ClockSpec(ClockKind.Realtime, 4_000_000), spec.Clock);
        Assert.Equal(250, spec.Clock.NsPerInstruction);
        Assert.Equal(Path.Combine(_dir.Folder, "out.jsonl"), spec.TracePath);
        Assert.Equal("pc", spec.Parent.Name);
        Assert.Equal('D', spec.Drive("swap")!.Letter);
    }

    [Fact]
    public void Defaults_are_applied_to_keys_the_file_leaves_out()
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal);

        Assert.True(result.IsValid, result.ToString());
        var spec = result.Spec;
        var pc = spec.Vm("pc")!;
        Assert.Equal(new VmSpec("pc", VmRole.Parent, PlatformProfile.At, 640, EngineKind.Auto, CpuModel.I80286, "pc-system", BusyByteSpec.Auto), pc);
        Assert.Equal(PlatformProfile.Pc98, spec.Vm("nx")!.Profile);
        Assert.Equal(640, spec.Vm("nx")!.MemoryKib);
        var drive = Assert.Single(spec.Drives);
        Assert.Equal(FloppyGeometry.Floppy1440K, drive.Format);
        Assert.False(drive.ReadOnly);
        Assert.Equal(0, drive.Unit);
        var gate = Assert.Single(spec.Gates);
        Assert.Equal(new GateSpec("nx", 0x60, "pc", 0x60, null, WindowMapping.Identity), gate);
        Assert.Equal(PolicySpec.Default, spec.Policy);
        Assert.Equal(
            new PolicySpec(SharingPolicy.Any, SharingPolicy.Lease, SharingPolicy.Lease, SharingPolicy.Lease, SharingPolicy.Lease, SharingPolicy.All, 2000),
            spec.Policy);
        Assert.Equal(new ClockSpec(ClockKind.Virtual, 10_000_000), spec.Clock);
        Assert.Null(spec.TracePath);
    }

    [Fact]
    public void Relative_image_paths_resolve_against_the_machine_files_folder_not_the_working_folder()
    {
        string image = _dir.Image("machines/disks/pc.img", MachineFolder.Size144M);
        string absolute = _dir.Image("elsewhere/abs.img", MachineFolder.Size720K);

        var result = _dir.Load($"""
            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "pc-system"
            image = "disks/pc.img"

            [[drive]]
            name = "other"
            image = "../elsewhere/abs.img"
            read_only = true

            [[drive]]
            name = "absolute"
            image = '{absolute}'
            read_only = true

            [trace]
            path = "../trace.jsonl"
            """, "machines/demo.toml");

        Assert.True(result.IsValid, result.ToString());
        Assert.NotEqual(_dir.Folder, Directory.GetCurrentDirectory());
        Assert.Equal(image, result.Spec.Drive("pc-system")!.ImagePath);
        Assert.Equal(absolute, result.Spec.Drive("other")!.ImagePath);
        Assert.Equal(absolute, result.Spec.Drive("absolute")!.ImagePath);
        Assert.Equal(Path.Combine(_dir.Folder, "trace.jsonl"), result.Spec.TracePath);
    }

    [Fact]
    public void Drives_without_a_unit_take_the_first_free_units_in_file_order()
    {
        _dir.Image("a.img", MachineFolder.Size144M);
        _dir.Image("b.img", MachineFolder.Size144M);
        _dir.Image("c.img", MachineFolder.Size144M);

        var result = _dir.Load("""
            [[vm]]
            name = "pc"
            role = "parent"
            boot = "c"

            [[drive]]
            name = "one"
            image = "a.img"

            [[drive]]
            name = "two"
            image = "b.img"
            unit = 0

            [[drive]]
            name = "three"
            image = "c.img"
            """);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal([("one", 1), ("two", 0), ("three", 2)], result.Spec.Drives.Select(d => (d.Name, d.Unit)));
        Assert.Equal("three", result.Spec.Parent.BootDrive);
    }

    [Fact]
    public void Free_pages_are_a_range_or_an_array_of_ranges_and_none_by_default()
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal
            .Replace("role = \"parent\"", "role = \"parent\"\nfree = \"9000-9FFF\"", StringComparison.Ordinal)
            .Replace("profile = \"nx\"", "profile = \"nx\"\nfree = [\"1000-1FFF\", \"4000-47FF\"]", StringComparison.Ordinal));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal([new GateWindow(0x90000, 0x10000)], result.Spec.Vm("pc")!.Free);
        Assert.Equal([new GateWindow(0x10000, 0x10000), new GateWindow(0x40000, 0x8000)], result.Spec.Vm("nx")!.Free);
        Assert.Empty(_dir.Load(Minimal).Spec!.Vm("pc")!.Free);
    }

    [Theory]
    [InlineData("window = \"9000-9FFF\"", WindowMapping.Relocate)]
    [InlineData("window = \"9000-9FFF\"\nmapping = \"identity\"", WindowMapping.Identity)]
    [InlineData("", WindowMapping.Identity)]
    public void A_window_is_relocated_unless_the_file_says_identity(string lines, WindowMapping mapping)
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal + "\n" + lines + "\n");

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(mapping, result.Spec.Gates[0].Mapping);
    }

    [Theory]
    [InlineData("\"auto\"", BusyByteMode.Auto, 0)]
    [InlineData("\"none\"", BusyByteMode.None, 0)]
    [InlineData("\"0070:0123\"", BusyByteMode.Fixed, 0x00823)]
    [InlineData("\"FFFF:000F\"", BusyByteMode.Fixed, 0xFFFFF)]
    [InlineData("0x12345", BusyByteMode.Fixed, 0x12345)]
    public void The_busy_byte_is_auto_none_a_segment_offset_or_a_linear_address(string value, BusyByteMode mode, int address)
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal.Replace("role = \"parent\"", $"role = \"parent\"\nbusy_byte = {value}", StringComparison.Ordinal));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(new BusyByteSpec(mode, address), result.Spec.Parent.BusyByte);
    }

    [Theory]
    [InlineData("8086", CpuModel.I8086)]
    [InlineData("80286", CpuModel.I80286)]
    [InlineData("\"8086\"", CpuModel.I8086)]
    public void The_cpu_may_be_written_as_a_string_or_a_number(string value, CpuModel model)
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal.Replace("role = \"parent\"", $"role = \"parent\"\ncpu = {value}", StringComparison.Ordinal));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(model, result.Spec.Parent.Cpu);
    }

    [Fact]
    public void Policy_fields_may_also_be_written_as_a_policy_fdc_table()
    {
        _dir.Image("pc.img", MachineFolder.Size144M);

        var result = _dir.Load(Minimal + """


            [policy.fdc]
            motor = "passthrough"
            """);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(PolicySpec.Default with { FdcMotor = SharingPolicy.Passthrough }, result.Spec.Policy);
    }

    [Fact]
    public void The_example_in_docs_is_a_valid_machine_file()
    {
        string example = RepoPaths.Under("docs", "machines", "example.toml");
        File.Copy(example, Path.Combine(_dir.Folder, "example.toml"));
        _dir.Image("disks/pc-dos.img", MachineFolder.Size144M);
        _dir.Image("disks/pc98-dos.img", MachineFolder.Size123M);
        _dir.Image("disks/exchange.img", MachineFolder.Size720K);

        var result = MachineFile.Load(Path.Combine(_dir.Folder, "example.toml"));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["pc", "pc98"], result.Spec.Vms.Select(v => v.Name));
        Assert.Equal(3, result.Spec.Drives.Length);
        Assert.Equal(2, result.Spec.Gates.Length);
    }

    [Fact]
    public void A_gate_names_the_services_it_passes_and_may_lend_its_window_read_only()
    {
        _dir.Image("pc.img", MachineFolder.Size144M);
        var result = _dir.Load("""
            [[vm]]
            name = "pc"
            role = "parent"

            [[vm]]
            name = "nx"
            role = "guest"

            [[drive]]
            name = "pc-system"
            image = "pc.img"

            [[gate]]
            caller = "nx"
            vector = 0xE0
            callee = "pc"
            service = 0x21
            window = "9000-9FFF"
            window_read_only = true
            allow = ["3Dh-3Fh", 0x42, "0x19", "4e-4Fh"]

            [[gate]]
            caller = "pc"
            vector = 0xE0
            callee = "nx"
            service = 0x21
            allow = "all"
            """);

        Assert.True(result.IsValid, result.ToString());
        GateSpec first = result.Spec.Gates[0], second = result.Spec.Gates[1];
        Assert.True(first.WindowReadOnly);
        Assert.Equal("19h, 3Dh-3Fh, 42h, 4Eh-4Fh", first.Allow!.ToString());
        Assert.True(first.Allow.Contains(0x3E));
        Assert.False(first.Allow.Contains(0x41));
        Assert.Null(second.Allow);
        Assert.False(second.WindowReadOnly);
    }
}
