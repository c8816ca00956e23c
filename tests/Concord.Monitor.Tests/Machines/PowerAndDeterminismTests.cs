using System.Security.Cryptography;
using Concord.Monitor.Automation;
using Concord.Monitor.Machines;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Machines;

/// <summary>Power under policy <c>all</c>, and byte-for-byte repeatable runs with the virtual clock.</summary>
public sealed class PowerAndDeterminismTests
{
    private static AutomationStep Expect(string t) => new AutomationStep.Expect(t);
    private static AutomationStep Send(string t) => new AutomationStep.Send(t);

    [Fact]
    public void The_machine_stays_on_until_the_last_VM_asks_for_power_off()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.TwoDos(temp));

        // POWEROFF is a program (POWEROFF.COM), loaded from the disk after its keys were read: wait for its message.
        MachineOutcome first = machine.Run(TwoDosTests.Steps(("dos", Expect("A:\\>")), ("guest", Expect("B:\\>")), ("guest", Send("poweroff\r")),
            ("guest", Expect("Powering off."))), TestContext.Current.CancellationToken);
        // The guest's request is in the table; the power stays on and the parent still works.
        MachineOutcome second = machine.Run(TwoDosTests.Steps(("dos", Send("echo still-on\r")), ("dos", Expect("still-on\n"))),
            TestContext.Current.CancellationToken);

        Assert.Equal(StopReason.StepsCompleted, first.Stop);
        Assert.True(second.Stop == StopReason.StepsCompleted, second.Describe());
        Assert.Equal(VmRunState.PoweredOff, machine.Vm("guest").State);
        Assert.Equal(VmRunState.Running, machine.Vm("dos").State);
        Assert.False(machine.Power.PowerCut);
        Assert.Equal(0, machine.Power.OffRow.Effective);

        MachineOutcome last = machine.Run(TwoDosTests.Steps(("dos", Send("poweroff\r"))) with { EndWhenStepsComplete = false },
            TestContext.Current.CancellationToken);

        Assert.True(last.Stop == StopReason.PowerOff, last.Describe());
        Assert.Equal(0, last.ExitStatus);
        Assert.Equal("dos", last.Vm);
        Assert.True(machine.Power.PowerCut);
        Assert.Equal(1, machine.Power.OffRow.Effective);
    }

    [Fact]
    public void Poweroff_com_in_the_at_parent_and_the_nx_guest_cuts_the_power_with_status_0()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.ParentAndGuest(temp, "at", "pc98"));

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", Expect(":\\>")), ("guest", Expect(":\\>")),
            ("guest", Send("poweroff\r")), ("parent", Send("poweroff\r"))) with { EndWhenStepsComplete = false },
            TestContext.Current.CancellationToken);

        Assert.True(outcome.Stop == StopReason.PowerOff, outcome.Describe());
        Assert.Equal(0, outcome.ExitStatus);
        Assert.True(machine.Power.PowerCut);
        // POWEROFF.COM ran in each (the shell has no built-in POWEROFF): its message is on both screens.
        Assert.All(machine.Vms, v => Assert.Contains(">poweroff\nPowering off.", v.Screen().ToText()));
        Assert.All(machine.Vms, v => Assert.Equal(VmRunState.PoweredOff, v.State));
    }

    [Fact]
    public void Cancellation_asks_every_VM_to_power_off_and_ends_with_status_130()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.TwoDos(temp));
        machine.Run(TwoDosTests.Steps(("dos", Expect("A:\\>")), ("guest", Expect("B:\\>"))), TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        MachineOutcome outcome = machine.Run(new MachineRunOptions(), cancel.Token);

        Assert.Equal(StopReason.Cancelled, outcome.Stop);
        Assert.Equal(ExitStatuses.Cancelled, outcome.ExitStatus);
        Assert.True(machine.Power.PowerCut);
        Assert.All(machine.Vms, v => Assert.Equal(VmRunState.PoweredOff, v.State));
    }

    private static (string TraceHash, string Screens, byte[] DiskA, byte[] DiskB, long Time) OneRun()
    {
        using var temp = new TempFiles();
        using var trace = new MemoryStream();
        string screens;
        long time;
        using (var writer = new JsonLinesTraceWriter(trace, leaveOpen: true))
        using (var machine = new Machine(TestMachineFiles.TwoDos(temp), new MachineOptions { Trace = writer }))
        {
            MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
                ("dos", Expect("A:\\>")), ("guest", Expect("B:\\>")),
                ("guest", Send("copy hello.com b:copy.com\r")), ("dos", Send("dir\r")),
                ("guest", Expect("copied")), ("dos", Expect("bytes free"))), TestContext.Current.CancellationToken);
            Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("guest").Screen().ToText());
            screens = machine.Vm("dos").Screen().ToText() + "\n" + machine.Vm("guest").Screen().ToText();
            time = machine.NowNs;
        }
        return (Convert.ToHexString(SHA256.HashData(trace.ToArray())), screens,
            File.ReadAllBytes(Path.Combine(temp.Folder, "a.img")), File.ReadAllBytes(Path.Combine(temp.Folder, "b.img")), time);
    }

    [Fact]
    public void Two_virtual_clock_runs_give_the_same_trace_screens_and_disks()
    {
        var one = OneRun();
        var two = OneRun();

        Assert.Equal(one.TraceHash, two.TraceHash);
        Assert.Equal(one.Screens, two.Screens);
        Assert.Equal(one.DiskA, two.DiskA);
        Assert.Equal(one.DiskB, two.DiskB);
        Assert.Equal(one.Time, two.Time);
        Assert.NotEqual(File.ReadAllBytes(TestMachineFiles.CdosAt), one.DiskB); // the guest's copy was written
    }
}
