using Concord.Monitor.Automation;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// Issue 4's motor scenario on two Concord DOS VMs (virtual clock, deterministic): the parent (VM A)
/// reads its drive A: and goes back to its prompt, so its BIOS's motor countdown switches its motors
/// off about two seconds later, while the guest (VM B) is in the middle of copying DATA.BIN twice on
/// its drive B:. The policies of the motor rows and of the controller decide what that does to B.
/// B's failures are Concord DOS's own count of failed INT 13h sector calls (the word after InDOS).
/// </summary>
public sealed class MotorScenarioTests
{
    private static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    private static AutomationStep Send(string text) => new AutomationStep.Send(text);

    private sealed record Result(
        Machine Machine, TraceRecorder Trace, MachineOutcome Outcome, long WorkStartNs, long WorkEndNs,
        int GuestFailures, long GuestWaits, long Motor1Suppressed, long Motor1Transitions)
    {
        /// <summary>Motor 1 (B's drive) going from on to off while B works.</summary>
        public TableEvent[] Motor1StopsDuringWork => Trace.Events
            .Where(e => e.TimeNs >= WorkStartNs && e.TimeNs <= WorkEndNs && e.Field == "motor1" && e.OldEffective == 1 && e.NewEffective == 0).ToArray();

        /// <summary>A's motor countdown: A asking for motor 0 off while B works.</summary>
        public bool ParentSwitchedOffDuringWork => Trace.Events
            .Any(e => e.TimeNs >= WorkStartNs && e.TimeNs <= WorkEndNs && e.VmName == "parent" && e.Field == "motor0" && e.OldRequested == 1 && e.NewRequested == 0);

        public string Describe() => $"{Outcome.Describe()}; work {WorkStartNs / 1e6:0.0}-{WorkEndNs / 1e6:0.0} ms; guest failures {GuestFailures}, waits {GuestWaits}; motor1 suppressed {Motor1Suppressed}, transitions {Motor1Transitions}\n"
            + string.Join("\n", Trace.Events.Where(e => e.TimeNs >= WorkStartNs - 3_000_000_000L && (e.Field.StartsWith("motor", StringComparison.Ordinal) || e.Lease != LeaseAction.None))
                .Select(e => $"{e.TimeNs / 1e6:0.0} ms {e.VmName} {e.Field} {e.Lease} requested {e.OldRequested}->{e.NewRequested} effective {e.OldEffective}->{e.NewEffective}"))
            + "\n" + Machine.Vm("guest").Screen().ToText();
    }

    private static Result Run(TempFiles temp, string motor, string command)
    {
        var trace = new TraceRecorder();
        var machine = new Machine(TestMachineFiles.ParentAndGuest(temp, "at", "at", motor: motor, command: command), new MachineOptions { Trace = trace });
        CancellationToken cancel = TestContext.Current.CancellationToken;
        MachineOutcome boot = machine.Run(TwoDosTests.Steps(("parent", Expect(":\\>")), ("guest", Expect(":\\>"))), cancel);
        Assert.Equal(StopReason.StepsCompleted, boot.Stop);

        MachineVm guest = machine.Vm("guest");
        int failuresBefore = ConcordDosKernel.FailedDiskCalls(guest.Hardware.Memory);
        long waitsBefore = guest.FdcWaits;
        long suppressedBefore = machine.Fdc.MotorRow(1).Suppressed, transitionsBefore = machine.Fdc.MotorRow(1).Transitions;

        // A reads its drive and is back at its prompt (its countdown runs); B starts at once.
        MachineOutcome read = machine.Run(TwoDosTests.Steps(("parent", Send("type readme.txt\r")), ("parent", Expect("\nA:\\>"))), cancel);
        Assert.Equal(StopReason.StepsCompleted, read.Stop);
        long start = machine.NowNs;
        MachineOutcome work = machine.Run(TwoDosTests.Steps(
            ("guest", Send("copy data.bin d2.bin\r")), ("guest", Send("copy data.bin d3.bin\r")), ("guest", Send("echo end-of-work\r")),
            ("guest", Expect("\nend-of-work"))), cancel);
        return new Result(machine, trace, work, start, machine.NowNs,
            ConcordDosKernel.FailedDiskCalls(guest.Hardware.Memory) - failuresBefore, guest.FdcWaits - waitsBefore,
            machine.Fdc.MotorRow(1).Suppressed - suppressedBefore, machine.Fdc.MotorRow(1).Transitions - transitionsBefore);
    }

    [Fact]
    public void Under_any_B_never_fails_and_its_motor_never_stops_while_it_works()
    {
        using var temp = new TempFiles();
        Result r = Run(temp, "any", "lease");
        using Machine machine = r.Machine;

        Assert.True(r.Outcome.Stop == StopReason.StepsCompleted, r.Describe());
        Assert.True(r.ParentSwitchedOffDuringWork, r.Describe());   // A's countdown did run out under B's work
        Assert.Empty(r.Motor1StopsDuringWork);
        Assert.True(r.Motor1Suppressed > 0, r.Describe());           // A's motor-off writes left motor 1 alone
        Assert.Equal(0, r.GuestFailures);
        Assert.Equal(2, r.Outcome.StepsCompleted > 0 ? CountCopied(machine) : 0);
    }

    [Fact]
    public void Under_passthrough_As_countdown_stops_Bs_motor_and_Bs_reads_fail()
    {
        using var temp = new TempFiles();
        Result r = Run(temp, "passthrough", "passthrough");
        using Machine machine = r.Machine;

        Assert.NotEmpty(r.Motor1StopsDuringWork);
        Assert.Contains(r.Motor1StopsDuringWork, e => e.VmName == "parent");
        Assert.True(r.GuestFailures > 0, r.Describe());
        Assert.Equal(0, r.Motor1Suppressed);
        Assert.Equal(0, r.GuestWaits);
    }

    [Fact]
    public void Under_exclusive_B_waits_while_A_holds_the_controller()
    {
        using var temp = new TempFiles();
        Result r = Run(temp, "exclusive", "exclusive");
        using Machine machine = r.Machine;

        Assert.True(r.Outcome.Stop == StopReason.StepsCompleted, r.Describe());
        // B asked for the controller while A held it (A's read and then its hold) and got it only when A released it, after B's work had begun.
        TableEvent waiting = r.Trace.Events.First(e => e.VmName == "guest" && e.Lease == LeaseAction.Waiting && e.TimeNs <= r.WorkStartNs + 1_000_000_000L);
        TableEvent granted = r.Trace.Events.First(e => e.VmName == "guest" && e.Lease == LeaseAction.Acquired && e.TimeNs >= waiting.TimeNs);
        Assert.True(granted.TimeNs > r.WorkStartNs, r.Describe());
        Assert.Contains(r.Trace.Events, e => e.VmName == "parent" && e.Lease == LeaseAction.Released && e.TimeNs == granted.TimeNs);
        Assert.True(granted.TimeNs - waiting.TimeNs >= 1_000_000_000L, r.Describe()); // a long wait, not one command's
        Assert.DoesNotContain(r.Motor1StopsDuringWork, e => e.VmName == "parent");
        Assert.Equal(0, r.GuestFailures);
        Assert.Equal(0, r.Motor1Suppressed);
    }

    [Fact]
    public void The_scenario_is_deterministic()
    {
        string Once()
        {
            using var temp = new TempFiles();
            Result r = Run(temp, "passthrough", "passthrough");
            using Machine machine = r.Machine;
            return $"{r.WorkStartNs} {r.WorkEndNs} {r.GuestFailures} {r.Motor1Transitions} {r.Trace.Events.Count}";
        }

        Assert.Equal(Once(), Once());
    }

    private static int CountCopied(Machine machine)
    {
        string text = machine.Vm("guest").Screen().ToText();
        int count = 0;
        for (int i = text.IndexOf("file(s) copied", StringComparison.Ordinal); i >= 0; i = text.IndexOf("file(s) copied", i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
