using Concord.Monitor.Machines;
using Concord.Monitor.Pc;
using Concord.Monitor.Table;

namespace Concord.Monitor.Tests.Machines;

/// <summary>Two VMs on one machine boot Concord DOS from their own drives of the one shared floppy controller.</summary>
/// <remarks>
/// Concord DOS starts on its boot drive (<c>A:\&gt;</c> or <c>B:\&gt;</c>, and INT 21h AX=3305h
/// tells it); which drive a VM booted from is also read from the trace: the first motor it turns on.
/// </remarks>
public sealed class TwoDosTests
{
    internal static MachineRunOptions Steps(params (string Vm, AutomationStep Step)[] steps) => new()
    {
        Steps = steps.Select(s => new MachineStep(s.Vm, s.Step)).ToArray(),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static string Field(TraceRecorder trace, string vm) =>
        trace.Events.First(e => e.VmName == vm && e.Field.StartsWith("motor", StringComparison.Ordinal) && e.NewRequested == 1).Field;

    [Fact]
    public void Both_VMs_reach_their_prompts_each_from_its_own_drive()
    {
        using var temp = new TempFiles();
        var trace = new TraceRecorder();
        using var machine = new Machine(TestMachineFiles.TwoDos(temp), new MachineOptions { Trace = trace });

        MachineOutcome outcome = machine.Run(Steps(("dos", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>"))),
            TestContext.Current.CancellationToken);

        Assert.True(outcome.Stop == PcStop.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("dos").Screen().ToText() + "\n" + machine.Vm("guest").Screen().ToText());
        Assert.Contains("Concord DOS", machine.Vm("dos").Screen().ToText());
        Assert.Contains("Concord DOS", machine.Vm("guest").Screen().ToText());
        Assert.Equal("motor0", Field(trace, "dos"));
        Assert.Equal("motor1", Field(trace, "guest"));
        // Both went through the one controller's lease, and one of them had to wait for the other.
        Assert.Contains(trace.Events, e => e.VmName == "dos" && e.Lease == LeaseAction.Acquired);
        Assert.Contains(trace.Events, e => e.VmName == "guest" && e.Lease == LeaseAction.Acquired);
        Assert.True(machine.Vm("dos").FdcWaits + machine.Vm("guest").FdcWaits > 0);
        // Every access of a VM is attributed to an instruction of its BIOS or DOS, never "unknown".
        Assert.All(trace.Events.Where(e => e.Lease == LeaseAction.None), e => Assert.False(e.At.IsUnknown, e.ToString()));
    }

    [Fact]
    public void Keys_go_to_the_VM_each_step_names()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.TwoDos(temp));

        MachineOutcome outcome = machine.Run(Steps(
            ("dos", new AutomationStep.Expect("A:\\>")),
            ("guest", new AutomationStep.Expect("B:\\>")),
            ("guest", new AutomationStep.Send("echo only-in-guest\r")),
            ("guest", new AutomationStep.Expect("only-in-guest\n"))), TestContext.Current.CancellationToken);

        Assert.True(outcome.Stop == PcStop.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("guest").Screen().ToText());
        Assert.DoesNotContain("only-in-guest", machine.Vm("dos").Screen().ToText());
    }
}
