using Concord.Monitor.Automation;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

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

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("dos").Screen().ToText() + "\n" + machine.Vm("guest").Screen().ToText());
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

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("guest").Screen().ToText());
        Assert.DoesNotContain("only-in-guest", machine.Vm("dos").Screen().ToText());
    }
}

/// <summary>A VM held still by the machine gets the timer ticks it missed, late: its BIOS time of day stays true.</summary>
public sealed class LateTimerTickTests
{
    private const double TicksPerSecond = 1_193_182.0 / 65536;

    /// <summary>
    /// Runs the machine, with no step it can complete, until <paramref name="vm"/>'s clock has gone <paramref name="ns"/> on.
    /// A slice that ends other than by its time limit (a VM stopped, the machine halted) fails the test, as does a
    /// clock that has not got there in two minutes: either would otherwise leave the loop running for ever.
    /// </summary>
    private static void RunUntil(Machine machine, MachineVm vm, long ns)
    {
        var idle = new MachineRunOptions { Steps = [new MachineStep(vm.Name, new AutomationStep.Expect("never shown"))], Timeout = TimeSpan.FromMilliseconds(50) };
        long from = vm.NowNs;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (vm.NowNs - from < ns)
        {
            MachineOutcome slice = machine.Run(idle, TestContext.Current.CancellationToken);
            Assert.True(slice.Stop == StopReason.Timeout, slice.Describe());
            Assert.True(wall.Elapsed < TimeSpan.FromMinutes(2), $"{vm.Name}'s clock went {(vm.NowNs - from) / 1e9:0.00} s of {ns / 1e9:0.00} s in two minutes");
        }
    }

    private static long BiosTicks(MachineVm vm)
    {
        long ticks = 0;
        for (int i = 3; i >= 0; i--) ticks = ticks << 8 | vm.Hardware.Memory.Read8((uint)(0x46C + i));
        return ticks;
    }

    [Fact]
    public void A_vm_suspended_for_seconds_counts_every_tick_of_them_once_it_runs_again()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.TwoDos(temp));
        var cancel = TestContext.Current.CancellationToken;
        MachineOutcome booted = machine.Run(TwoDosTests.Steps(("dos", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>"))), cancel);
        Assert.True(booted.Stop == StopReason.StepsCompleted, booted.Describe());
        MachineVm dos = machine.Vm("dos"), guest = machine.Vm("guest");
        long ticksBefore = BiosTicks(guest), guestBefore = guest.NowNs;

        machine.Suspend(guest.Id);
        RunUntil(machine, dos, 20_000_000_000L); // the parent idles at its prompt for 20 s of its time
        machine.Resume(guest.Id);
        MachineOutcome after = machine.Run(TwoDosTests.Steps(("guest", new AutomationStep.Send("ECHO BACK\r")), ("guest", new AutomationStep.Expect("BACK\n"))), cancel);

        Assert.True(after.Stop == StopReason.StepsCompleted, after.Describe());
        RunUntil(machine, guest, 1_000_000_000L); // a second to take the late ticks in
        double expected = (guest.NowNs - guestBefore) / 1e9 * TicksPerSecond;
        long counted = BiosTicks(guest) - ticksBefore;
        Assert.True(expected > 20 * TicksPerSecond, $"the guest's clock went {expected / TicksPerSecond:0.0} s");
        Assert.InRange(counted, (long)expected - 2, (long)expected + 2);
        Assert.True(guest.Hardware.LateTimerTicks > 300, $"late ticks {guest.Hardware.LateTimerTicks}");
    }

    [Fact]
    public void A_vm_that_masked_its_timer_does_not_get_the_ticks_and_runs_on_at_full_speed()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at");
        File.WriteAllBytes(Path.Combine(temp.Folder, "b.img"), Fat12Image.Bootable(asm =>
        {
            asm.cli();
            asm.@in(al, 0x21); asm.or(al, 1); asm.@out(0x21, al); // IRQ 0 masked
            asm.sti();
            asm.mov(ax, 0x0E00 | '#'); asm.@int(0x10);              // then says so
            Label spin = asm.CreateLabel();
            asm.Label(ref spin);
            asm.jmp(spin);
        }));
        using var machine = new Machine(spec);
        var cancel = TestContext.Current.CancellationToken;
        MachineVm parent = machine.Vm("parent"), guest = machine.Vm("guest");
        Assert.Equal(StopReason.StepsCompleted, machine.Run(TwoDosTests.Steps(
            ("parent", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("#"))), cancel).Stop);

        machine.Suspend(guest.Id);
        RunUntil(machine, parent, 20_000_000_000L);
        machine.Resume(guest.Id);
        RunUntil(machine, guest, 1);                                 // the guest's clock jumps to the machine's time
        long slices = guest.Slices;
        RunUntil(machine, guest, 3_000_000_000L);

        Assert.True(guest.Hardware.DroppedTimerTicks > 300, $"dropped {guest.Hardware.DroppedTimerTicks}, late {guest.Hardware.LateTimerTicks}, merged {guest.Hardware.Pit.MergedIrq0Edges}");
        Assert.Equal(0, guest.Hardware.LateTimerTicks);
        Assert.True(guest.Slices - slices < 10_000, $"{guest.Slices - slices} slices in 3 s: the owed ticks cut its slices short");
    }
}
