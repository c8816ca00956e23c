using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Automation;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// The machine serves its spec's gates: Concord DOS apps in one VM use the other VM's DOS through
/// INT E0h over the window 9000-9FFF (firmware/apps/GATES.md), both ways, on either profile.
/// </summary>
public sealed class GateMachineTests
{
    /// <summary>INT E0h both ways between the parent and the guest, as the demo machine files have them.</summary>
    internal const string BothWays = """
        [[gate]]
        caller = "guest"
        vector = 0xE0
        callee = "parent"
        service = 0x21
        window = "9000-9FFF"
        mapping = "identity"

        [[gate]]
        caller = "parent"
        vector = 0xE0
        callee = "guest"
        service = 0x21
        window = "9000-9FFF"
        mapping = "identity"
        """;

    private static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    private static AutomationStep Send(string text) => new AutomationStep.Send(text);

    /// <summary>A file only the parent's disk has: 7 blocks and a bit, every byte depending on its position.</summary>
    internal static byte[] AddParentFile(TempFiles temp, string name) => AddFile(temp, ParentDisk, name);

    /// <summary>A file of 7 blocks and a bit added to <paramref name="image"/> (a.img: the parent's disk, b.img: the guest's).</summary>
    internal static byte[] AddFile(TempFiles temp, string image, string name)
    {
        var content = new byte[7 * 1024 + 300];
        for (int i = 0; i < content.Length; i++) content[i] = (byte)(i * 7 + i / 251 + image[0]);
        string path = Path.Combine(temp.Folder, image);
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(path), path);
        volume.WriteFile(name, content);
        File.WriteAllBytes(path, volume.ToArray());
        return content;
    }

    private const string ParentDisk = "a.img";
    private const string GuestDisk = "b.img";

    /// <summary>XFER's blocks of 1024 bytes for <paramref name="content"/>, one way.</summary>
    private static int Blocks(byte[] content) => (content.Length + 1023) / 1024;

    /// <summary>XFER's last line for a clean round trip of <paramref name="content"/>: its blocks both ways, no error.</summary>
    private static string Clean(byte[] content) => $"XFER: {2 * Blocks(content)} blocks, 0 errors, 0 retries, ";

    private static FatVolume Disk(TempFiles temp, string image) => FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, image)));

    /// <summary>Each VM's debug console (port E9h: all it writes to the screen, carriage returns dropped), whole, unlike the screen.</summary>
    private sealed class Consoles
    {
        private readonly Dictionary<string, MemoryStream> _streams = [];

        public MachineOptions Options => new() { DebugConsole = name => _streams[name] = new MemoryStream() };

        public string this[string vm] => System.Text.Encoding.Latin1.GetString(_streams[vm].ToArray());
    }

    private static void AssertCompleted(Machine machine, MachineOutcome outcome) =>
        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + string.Join("\n", machine.Vms.Select(v => $"{v.Name}: {v.State} {v.StopNote} at {v.NowNs} ns\n{v.Screen().ToText()}")));

    [Theory]
    [InlineData("at")]
    [InlineData("pc98")]
    public void The_guest_lists_the_parents_disk_and_copies_a_file_from_it(string guestProfile)
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", guestProfile, BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        var consoles = new Consoles();
        using var machine = new Machine(spec, consoles.Options);
        Assert.Equal(DosState.Learning, machine.Dos(machine.Vm("parent"))!.State); // the busy bytes are auto: asked when each DOS is first idle

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("rdir\r")), ("guest", Expect("RDIR: 11 files")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect(Clean(content)))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Assert.All(machine.Vms, v => Assert.Equal(DosState.Known, machine.Dos(v)!.State));
        Assert.Contains("ONLY", machine.Vm("guest").Screen().ToText());
        string dots = new('.', Blocks(content));
        Assert.Contains($"B:\\>xfer only.bin copy.bin\n{dots}\nXFER: ONLY.BIN -> COPY.BIN: {content.Length} bytes\n"
            + $"{dots}\nXFER: COPY.BIN -> ONLY.BAK: {content.Length} bytes\nXFER: compared {content.Length} bytes: the same\n", consoles["guest"]);
        Gate fromGuest = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("guest").Id);
        Assert.True(fromGuest.Calls > 0 && fromGuest.Returns == fromGuest.Calls && fromGuest.Failures == 0,
            $"calls {fromGuest.Calls}, returns {fromGuest.Returns}, failures {fromGuest.Failures}");
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("COPY.BIN"));  // there: written by the guest's DOS
        Assert.Equal(content, Disk(temp, ParentDisk).ReadFile("ONLY.BAK")); // back: written by the parent's DOS for the guest
        Assert.Equal(content, Disk(temp, ParentDisk).ReadFile("ONLY.BIN")); // the source as it was
    }

    [Theory]
    [InlineData("at")]
    [InlineData("pc98")]
    public void The_parent_copies_a_file_from_the_guests_disk_and_back_through_the_reverse_gate(string guestProfile)
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", guestProfile, BothWays);
        byte[] content = AddFile(temp, GuestDisk, "GUEST.BIN");
        var consoles = new Consoles();
        using var machine = new Machine(spec, consoles.Options);

        // The guest's DOS runs on B:, so B:GUEST.BIN; the copy is the parent's A:FROMGST.BIN, the copy back the guest's B:GUEST.BAK.
        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("parent", Send("xfer b:guest.bin a:fromgst.bin\r")), ("parent", Expect(Clean(content)))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Assert.Contains($"XFER: B:GUEST.BIN -> A:FROMGST.BIN: {content.Length} bytes\n", consoles["parent"]);
        Assert.Contains($"XFER: A:FROMGST.BIN -> B:GUEST.BAK: {content.Length} bytes\nXFER: compared {content.Length} bytes: the same\n", consoles["parent"]);
        Gate fromParent = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("parent").Id);
        Assert.True(fromParent.Calls > 0 && fromParent.Failures == 0, $"calls {fromParent.Calls}, failures {fromParent.Failures}");
        Assert.Equal(0, machine.Gates.Gates.Single(g => g.Caller == machine.Vm("guest").Id).Calls);
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, ParentDisk).ReadFile("FROMGST.BIN"));
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("GUEST.BAK"));
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("GUEST.BIN"));
    }

    [Fact]
    public void Xfer_refuses_a_copy_back_that_would_overwrite_the_source_and_names_given_back_are_used()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "pc98", BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);

        // The parent's DOS runs on A:, so A:ONLY.BIN and ONLY.BIN are one file there.
        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("xfer only.bin copy.bin a:only.bin\r")), ("guest", Expect("XFER: BACK would overwrite SRC: A:ONLY.BIN")),
            ("guest", Send("xfer only.bin copy.bin a:\\back.dat /512\r")), ("guest", Expect("XFER: " + 2 * ((content.Length + 511) / 512) + " blocks, 0 errors"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("COPY.BIN"));
        Assert.Equal(content, Disk(temp, ParentDisk).ReadFile("BACK.DAT"));
        Assert.Null(Disk(temp, ParentDisk).Find("ONLY.BAK"));
    }

    [Fact]
    public void A_copy_back_that_does_not_fit_fails_on_every_try_and_stops()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "pc98", BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        // Fill the parent's disk but for three blocks: the copy back's fourth block finds no room.
        string parentPath = Path.Combine(temp.Folder, ParentDisk);
        FatVolume parent = FatVolume.Open(File.ReadAllBytes(parentPath), parentPath);
        parent.WriteFile("FILL.BIN", new byte[parent.FreeBytes - 3 * 1024]);
        File.WriteAllBytes(parentPath, parent.ToArray());
        Assert.Equal(3 * 1024, FatVolume.Open(File.ReadAllBytes(parentPath)).FreeBytes);
        var consoles = new Consoles();
        using var machine = new Machine(spec, consoles.Options);

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Send("echo xfer-ended\r")), ("guest", Expect("\nxfer-ended"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        string screen = consoles["guest"];
        int blocks = Blocks(content);
        Assert.Contains($"XFER: ONLY.BIN -> COPY.BIN: {content.Length} bytes\n", screen);
        Assert.Contains("XFER: back, block 4 write: error 0005 (access denied), retrying\n", screen);
        Assert.Contains("XFER: back, block 4 write: error 0005 (access denied), giving up\n", screen);
        Assert.Contains("XFER: COPY.BIN -> ONLY.BAK: 3072 bytes\n", screen);
        Assert.DoesNotContain("compared", screen);
        Assert.Matches($@"XFER: {blocks + 3} blocks, 4 errors, 3 retries, \d+\.\d\d s", screen);
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("COPY.BIN"));
        Assert.Equal(content.AsSpan(0, 3 * 1024).ToArray(), Disk(temp, ParentDisk).ReadFile("ONLY.BAK"));
    }

    [Fact]
    public void Floppy_accesses_the_parent_makes_while_serving_the_guests_call_are_traced_as_made_for_the_guest()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at", BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);
        var recorder = new Concord.Monitor.Tracing.TraceRecorder();
        machine.Table.Sink = recorder;

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect(Clean(content)))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        var parent = machine.Vm("parent").Id;
        var guest = machine.Vm("guest").Id;
        var forGuest = recorder.Events.Where(e => e.Vm == parent && e.At.For == guest).ToList();
        Assert.NotEmpty(forGuest); // the parent's DOS read ONLY.BIN from A: on the guest's behalf
        Assert.All(forGuest, e => Assert.Equal("fdc", e.Device));
        Assert.DoesNotContain(recorder.Events, e => e.Vm == guest && e.At.For is not null); // the guest served no call
    }

    [Fact]
    public void The_parent_lists_the_guests_disk()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.ParentAndGuest(temp, "at", "pc98", BothWays));

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("parent", Send("rdir\r")), ("parent", Expect("RDIR: 10 files"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Assert.Contains("DATA", machine.Vm("parent").Screen().ToText());
        Gate fromParent = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("parent").Id);
        Assert.True(fromParent.Calls > 0 && fromParent.Failures == 0);
        Assert.Equal(GateVmStatus.Runnable, machine.Gates.Status(machine.Vm("guest").Id));
    }

    [Fact]
    public void A_call_into_a_busy_parent_waits_and_then_completes()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at", BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);
        using var gateTrace = new MemoryStream();
        using var gateLog = new JsonLinesTraceWriter(gateTrace, leaveOpen: true);
        machine.GateTrace = gateLog;

        // The parent copies DATA.BIN on its own disk (inside its INT 21h most of the time) while the guest's XFER calls it.
        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("parent", Send("copy data.bin d2.bin\r")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect(Clean(content))),
            ("parent", Expect("copied"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Gate fromGuest = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("guest").Id);
        Assert.True(fromGuest.Waits > 0, $"waits {fromGuest.Waits}, calls {fromGuest.Calls}");
        Assert.Equal(0, fromGuest.Failures);
        gateLog.Flush();
        string trace = System.Text.Encoding.UTF8.GetString(gateTrace.ToArray());
        Assert.Contains("\"gate\":\"wait\",\"caller\":1,\"callerName\":\"guest\"", trace);
        Assert.DoesNotContain("\"gate\":\"fail\"", trace);
        // The parent served the calls and goes on: it is neither stopped nor unavailable.
        Assert.Equal(VmRunState.Running, machine.Vm("parent").State);
        machine.Dispose();
        Assert.Equal(content, Disk(temp, GuestDisk).ReadFile("COPY.BIN"));
        Assert.Equal(content, Disk(temp, ParentDisk).ReadFile("ONLY.BAK"));
    }
}
