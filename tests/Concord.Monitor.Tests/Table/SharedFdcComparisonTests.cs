using Concord.Devices.Floppy;
using Concord.Monitor.Sharing;

namespace Concord.Monitor.Tests.Table;

/// <summary>The two designs the patent improves on, in the same scenarios as the lease tests.</summary>
public sealed class SharedFdcComparisonTests
{
    private static void Boot(SharingRig rig)
    {
        foreach (var vm in rig.Vms)
        {
            vm.ResetAndSense();
            vm.Out(FakeVm.Ccr, 0);
        }
    }

    [Fact]
    public void Passthrough_lets_A_motor_off_stop_the_drive_under_B_read_which_stalls_until_B_starts_it_again()
    {
        var rig = new SharingRig(SharedFdcOptions.Passthrough);
        Boot(rig);
        var (a, b) = (rig.A, rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        rig.Run(500);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 1);
        Assert.Equal(0x00, a.Results()[0]);
        b.Out(FakeVm.Dor, 0x2D);
        b.ProgramDma(0x2000, 512);
        b.ReadSector(1, 0, 0, 3);
        rig.Run(100);
        a.Out(FakeVm.Dor, 0x0C);                    // last writer wins: every motor off
        Assert.False(rig.Drive1.MotorOn);
        int edgesB = b.Irq6.RisingEdges;
        rig.Run(3000);
        Assert.Equal(FdcPhase.Execution, rig.Fdc.Controller.Phase);   // B's command stalls
        Assert.Equal(edgesB, b.Irq6.RisingEdges);
        Assert.False(SharingRig.HasSector(b, 0x2000, 1, 0, 0, 3));
        b.Out(FakeVm.Dor, 0x2D);                    // B starts its motor again
        rig.Run(499);
        Assert.Equal(FdcPhase.Execution, rig.Fdc.Controller.Phase);   // spin-up again
        rig.Run(1);
        Assert.Equal(0x01, b.Results()[0]);
        Assert.True(SharingRig.HasSector(b, 0x2000, 1, 0, 0, 3));
        Assert.Equal(2, rig.Drive1.MotorStarts);
        var motor1 = rig.Fdc.MotorRow(1);
        Assert.Equal((8L, 0L, 3L), (motor1.Requests, motor1.Suppressed, motor1.Transitions));
    }

    [Fact]
    public void Passthrough_sends_irq6_to_the_last_vm_that_wrote()
    {
        var rig = new SharingRig(SharedFdcOptions.Passthrough);
        Boot(rig);
        var (a, b) = (rig.A, rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        a.ReadSector(0, 0, 0, 1);
        b.Out(FakeVm.Dor, 0x1C);                    // B touches the DOR while A's command runs
        int edgesA = a.Irq6.RisingEdges, edgesB = b.Irq6.RisingEdges;
        rig.Run(600);
        Assert.Equal((edgesA, edgesB + 1), (a.Irq6.RisingEdges, b.Irq6.RisingEdges));
        Assert.Equal(b.Id, rig.Fdc.Holder);
    }

    [Fact]
    public void Exclusive_makes_B_wait_until_A_left_the_controller_idle_for_the_hold_time()
    {
        var rig = new SharingRig(SharedFdcOptions.Exclusive(2_000_000_000));
        var (a, b) = (rig.A, rig.B);
        a.ResetAndSense();
        a.Out(FakeVm.Ccr, 0);
        a.Out(FakeVm.Dor, 0x1C);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 1);
        rig.Run(500);
        Assert.Equal(0x00, a.Results()[0]);
        long lastUse = rig.Clock.NowNs;
        rig.Run(100);
        b.Out(FakeVm.Dor, 0x2C);                    // B's first access: motor 1 on
        Assert.True(b.Stopped);
        Assert.False(rig.Drive1.MotorOn);
        Assert.Equal(0x80, b.In(FakeVm.Msr));        // reads show B an idle controller of its own
        rig.Run(1800);
        a.Out(FakeVm.Dor, 0x0C);                    // A's motor countdown: an access, the hold starts again
        lastUse = rig.Clock.NowNs;
        rig.Run(1999);
        Assert.True(b.Stopped);
        rig.Run(1);
        Assert.False(b.Stopped);
        Assert.Equal(b.Id, rig.Fdc.Holder);
        Assert.Equal(lastUse + 2_000_000_000, rig.Clock.NowNs);
        Assert.True(rig.Drive1.MotorOn);             // its parked write was replayed
        Assert.Equal(1, b.Grants);
        b.Out(FakeVm.Ccr, 0);
        b.Out(FakeVm.Dor, 0x2D);
        b.ProgramDma(0x2000, 512);
        b.ReadSector(1, 0, 0, 2);
        rig.Run(500);
        Assert.Equal(0x01, b.Results()[0]);
        Assert.True(SharingRig.HasSector(b, 0x2000, 1, 0, 0, 2));
        var owner = rig.Fdc.LeaseRow!;
        Assert.Equal("owner", owner.Field);
        Assert.Equal((2L, 1L, 3L), (owner.Requests, owner.Suppressed, owner.Transitions)); // asked: A, B (waited); holder changes: A, none, B
    }

    [Fact]
    public void Exclusive_hold_runs_only_while_the_controller_is_idle()
    {
        var rig = new SharingRig(SharedFdcOptions.Exclusive(1_000_000_000));
        var (a, b) = (rig.A, rig.B);
        a.ResetAndSense();
        a.Out(FakeVm.Ccr, 0);
        a.ReadSector(0, 0, 0, 1);                    // motor off: the command never ends
        b.Out(FakeVm.Dor, 0x2C);
        rig.Run(10_000);
        Assert.True(b.Stopped);
        Assert.Equal(a.Id, rig.Fdc.Holder);
    }

    [Fact]
    public void Mixed_exclusive_and_any_policies_are_refused_with_both_named()
    {
        var options = new SharedFdcOptions { MotorPolicy = Concord.Monitor.Table.FieldPolicy.Any, ControllerPolicy = Concord.Monitor.Table.FieldPolicy.Exclusive };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("motor Any, controller Exclusive", e.Message);
    }
}
