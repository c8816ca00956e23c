using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Automation;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// A VM whose CPU faults stops alone: the other OS goes on with the floppy controller and finds the
/// stopped one unavailable through the gate, and the run's outcome names the fault at the end.
/// </summary>
public sealed class VmFaultTests
{
    // LMSW with PE set: the interpreter runs real mode only, so the CPU shuts down (ExitReason.Shutdown).
    private static readonly byte[] Crash = [0xB8, 0x01, 0x00, 0x0F, 0x01, 0xF0]; // mov ax, 1; lmsw ax

    private static MachineSpec WithCrashInGuest(TempFiles temp)
    {
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "pc98", GateMachineTests.BothWays);
        string guestDisk = Path.Combine(temp.Folder, "b.img");
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(guestDisk), guestDisk);
        volume.WriteFile("CRASH.COM", Crash);
        File.WriteAllBytes(guestDisk, volume.ToArray());
        return spec;
    }

    private static MachineRunOptions Steps(params (string Vm, AutomationStep Step)[] steps) => TwoDosTests.Steps(steps);

    [Fact]
    public void The_parent_goes_on_with_the_disk_and_the_gate_fails_cleanly_after_the_guest_crashes()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(WithCrashInGuest(temp));

        MachineOutcome outcome = machine.Run(Steps(
            ("parent", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>")),
            ("guest", new AutomationStep.Send("CRASH\r")),
            ("parent", new AutomationStep.Send("RDIR\r")), ("parent", new AutomationStep.Expect("RDIR: ")),
            ("parent", new AutomationStep.Send("DIR\r")), ("parent", new AutomationStep.Expect("bytes free")),
            ("parent", new AutomationStep.Send("POWEROFF\r")), ("parent", new AutomationStep.Expect("never shown"))),
            TestContext.Current.CancellationToken);

        MachineVm guest = machine.Vm("guest"), parent = machine.Vm("parent");
        Assert.True(outcome.Stop == StopReason.Shutdown, outcome.Describe() + "\n" + parent.Screen().ToText());
        Assert.Equal(("guest", ExitStatuses.GuestFault), (outcome.Vm, outcome.ExitStatus));
        Assert.Equal([0x0F, 0x01, 0xF0], outcome.CodeBytes.Take(3));
        Assert.Equal((VmRunState.Stopped, StopReason.Shutdown), (guest.State, guest.Fault));
        Assert.Contains("VM guest: the CPU shut down", guest.StopNote);
        Assert.Equal(VmRunState.PoweredOff, parent.State);
        string screen = parent.Screen().ToText();
        Assert.Contains("C001", screen);        // RDIR: the guest's DOS is unavailable, said at once
        Assert.Contains("bytes free", screen);  // the parent's own disk still works: nothing waits for the guest
    }

    [Fact]
    public void A_step_waiting_for_a_crashed_vm_ends_the_run_with_its_fault_at_once()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(WithCrashInGuest(temp));

        MachineOutcome outcome = machine.Run(Steps(
            ("parent", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>")),
            ("guest", new AutomationStep.Send("CRASH\r")), ("guest", new AutomationStep.Expect("never shown"))),
            TestContext.Current.CancellationToken);

        Assert.True(outcome.Stop == StopReason.Shutdown, outcome.Describe());
        Assert.Equal("guest", outcome.Vm);
        Assert.Equal(VmRunState.Running, machine.Vm("parent").State);
    }
}

/// <summary>A VM that starts a floppy command and never finishes it loses the controller after the lease time-out.</summary>
public sealed class LeaseTimeoutMachineTests
{
    [Fact]
    public void The_parent_reads_its_disk_although_the_guest_left_a_command_hanging()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at");
        // The guest's "OS": READ DATA on drive B with its motor off (the data never comes), then a loop that
        // never looks at the controller again.
        File.WriteAllBytes(Path.Combine(temp.Folder, "b.img"), Fat12Image.Bootable(asm =>
        {
            asm.mov(dx, 0x3F2); asm.mov(al, 0x0D); asm.@out(dx, al); // drive 1 selected, no motor
            asm.mov(dx, 0x3F5);
            foreach (byte b in new byte[] { 0x46, 0x01, 0, 0, 1, 2, 1, 0x1B, 0xFF })
            {
                asm.mov(al, b); asm.@out(dx, al);
            }
            asm.sti();
            Label forever = asm.CreateLabel();
            asm.Label(ref forever);
            asm.jmp(forever);
        }));
        using var machine = new Machine(spec);

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("parent", new AutomationStep.Expect("A:\\>")),
            ("parent", new AutomationStep.Send("DIR\r")), ("parent", new AutomationStep.Expect("bytes free"))),
            TestContext.Current.CancellationToken);

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + machine.Vm("parent").Screen().ToText());
        Assert.True(machine.Fdc.LeaseTimeouts >= 1, $"lease time-outs {machine.Fdc.LeaseTimeouts}");
        Assert.Equal(VmRunState.Running, machine.Vm("guest").State);
    }
}
