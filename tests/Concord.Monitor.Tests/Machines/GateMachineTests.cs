using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Pc;

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
    internal static byte[] AddParentFile(TempFiles temp, string name)
    {
        var content = new byte[7 * 1024 + 300];
        for (int i = 0; i < content.Length; i++) content[i] = (byte)(i * 7 + i / 251);
        string path = Path.Combine(temp.Folder, "a.img");
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(path), path);
        volume.WriteFile(name, content);
        File.WriteAllBytes(path, volume.ToArray());
        return content;
    }

    private static void AssertCompleted(Machine machine, MachineOutcome outcome) =>
        Assert.True(outcome.Stop == PcStop.StepsCompleted, outcome.Describe() + "\n" + string.Join("\n", machine.Vms.Select(v => $"{v.Name}: {v.State} {v.StopNote} at {v.NowNs} ns\n{v.Screen().ToText()}")));

    [Theory]
    [InlineData("at")]
    [InlineData("nx")]
    public void The_guest_lists_the_parents_disk_and_copies_a_file_from_it(string guestProfile)
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", guestProfile, BothWays);
        byte[] content = AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);
        Assert.False(machine.GatesStarted); // the busy bytes are auto: found once both kernels are loaded

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("rdir\r")), ("guest", Expect("RDIR: 11 files")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect("XFER: 8 blocks, 0 errors, 0 retries"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Assert.True(machine.GatesStarted);
        Assert.Contains("ONLY", machine.Vm("guest").Screen().ToText());
        Gate fromGuest = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("guest").Id);
        Assert.True(fromGuest.Calls > 0 && fromGuest.Returns == fromGuest.Calls && fromGuest.Failures == 0,
            $"calls {fromGuest.Calls}, returns {fromGuest.Returns}, failures {fromGuest.Failures}");
        machine.FlushDisks();
        machine.Dispose();
        FatVolume guestDisk = FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "b.img")));
        Assert.Equal(content, guestDisk.ReadFile("COPY.BIN"));
    }

    [Fact]
    public void Floppy_accesses_the_parent_makes_while_serving_the_guests_call_are_traced_as_made_for_the_guest()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at", BothWays);
        AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);
        var recorder = new Concord.Monitor.Table.TraceRecorder();
        machine.Table.Sink = recorder;

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect("XFER: 8 blocks, 0 errors, 0 retries"))),
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
        using var machine = new Machine(TestMachineFiles.ParentAndGuest(temp, "at", "nx", BothWays));

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
        using var gateLog = new GateJsonLinesWriter(gateTrace, leaveOpen: true);
        machine.GateTrace = gateLog;

        // The parent copies DATA.BIN on its own disk (inside its INT 21h most of the time) while the guest's XFER calls it.
        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("parent", Send("copy data.bin d2.bin\r")),
            ("guest", Send("xfer only.bin copy.bin\r")), ("guest", Expect("XFER: 8 blocks, 0 errors, 0 retries")),
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
        Assert.Equal(content, FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "b.img"))).ReadFile("COPY.BIN"));
    }
}
