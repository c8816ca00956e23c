using Concord.Devices.Floppy;

namespace Concord.Monitor.Tests.Table;

/// <summary>The patent's design: motors under `any`, the controller under a lease.</summary>
public sealed class SharedFdcLeaseTests
{
    private readonly SharingRig _rig = new();

    /// <summary>Both VMs reset the controller (each gets its own reset) and set 500 kbps.</summary>
    private void Boot(SharingRig rig)
    {
        foreach (var vm in rig.Vms)
        {
            vm.ResetAndSense();
            vm.Out(FakeVm.Ccr, 0);
        }
    }

    [Fact]
    public void Each_vm_gets_its_own_reset_with_irq6_and_four_polling_statuses()
    {
        foreach (var vm in _rig.Vms)
        {
            var senses = vm.ResetAndSense();
            Assert.Equal([0xC0, 0xC1, 0xC2, 0xC3], senses.Select(s => (int)s[0]));
            Assert.Equal(1, vm.Irq6.RisingEdges);
        }
        Assert.True(_rig.Fdc.Holder.IsNone);
        Assert.Equal(4, _rig.Fdc.LeaseRow!.Transitions); // A acquired, released; B acquired, released
    }

    [Fact]
    public void A_vm_that_never_wrote_the_dor_sees_its_controller_in_reset()
    {
        _rig.A.ResetAndSense();
        Assert.Equal(0x80, _rig.A.In(FakeVm.Msr));
        Assert.Equal(0x00, _rig.B.In(FakeVm.Msr));
        Assert.Equal(0x00, _rig.B.In(FakeVm.Dor));
    }

    [Fact]
    public void Any_keeps_the_motor_on_for_B_when_A_turns_it_off_and_B_read_completes()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);                    // A: motor 0 on, drive 0
        _rig.Run(500);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 1);
        Assert.Equal(0x00, a.Results()[0]);
        b.Out(FakeVm.Dor, 0x2D);                    // B: motor 1 on, drive 1
        b.ProgramDma(0x2000, 512);
        b.ReadSector(1, 0, 0, 3);                   // waits for drive 1 to spin up
        _rig.Run(100);
        a.Out(FakeVm.Dor, 0x0C);                    // A's countdown: every motor off
        Assert.False(_rig.Drive0.MotorOn);
        Assert.True(_rig.Drive1.MotorOn);
        _rig.Run(450);
        Assert.True(b.Irq6.Level);
        Assert.Equal(0x01, b.Results()[0]);
        Assert.True(SharingRig.HasSector(b, 0x2000, 1, 0, 0, 3));
        Assert.Equal(1, _rig.Drive1.MotorStarts);
        var motor1 = _rig.Fdc.MotorRow(1);
        Assert.Equal(1, motor1.Effective);
        Assert.Equal((7L, 1L, 1L), (motor1.Requests, motor1.Suppressed, motor1.Transitions)); // A 4 DOR writes, B 3; A's last is suppressed
        Assert.Equal(2, _rig.Fdc.MotorRow(0).Transitions);
    }

    [Fact]
    public void Any_suppresses_a_motor_off_while_another_vm_still_wants_the_same_motor()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        b.Out(FakeVm.Dor, 0x1C);
        _rig.Run(500);
        a.Out(FakeVm.Dor, 0x0C);
        Assert.True(_rig.Drive0.MotorOn);
        b.ProgramDma(0x2000, 512);
        b.ReadSector(0, 0, 0, 5);
        Assert.Equal(0x00, b.Results()[0]);
        Assert.True(SharingRig.HasSector(b, 0x2000, 0, 0, 0, 5));
        b.Out(FakeVm.Dor, 0x0C);
        Assert.False(_rig.Drive0.MotorOn);
        var motor0 = _rig.Fdc.MotorRow(0);
        Assert.Equal((8L, 1L, 2L), (motor0.Requests, motor0.Suppressed, motor0.Transitions));
        Assert.Equal(1, _rig.Drive0.MotorStarts);
    }

    [Fact]
    public void A_command_byte_from_B_while_A_has_a_command_in_flight_is_parked_and_replayed_after_A_results()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        b.Out(FakeVm.Dor, 0x2D);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 1);                   // waits for spin-up
        _rig.Run(100);
        Assert.Equal(0x80, b.In(FakeVm.Msr));        // B sees an idle controller of its own
        Assert.Equal(0x10, a.In(FakeVm.Msr));        // A sees its command busy
        b.ProgramDma(0x2000, 512);
        b.Current = new(0xF000, 0x2222);
        b.ReadSector(1, 0, 0, 2);
        Assert.True(b.Stopped);
        Assert.Equal(1, b.WaitRequests);
        Assert.Equal(9, _rig.Fdc.ParkedWrites(b.Id));
        Assert.Equal(FdcPhase.Execution, _rig.Fdc.Controller.Phase);
        Assert.Equal(0x90, b.In(FakeVm.Msr));        // still taking its (parked) command bytes
        _rig.Run(450);
        Assert.True(a.Irq6.Level);
        Assert.False(b.Irq6.Level);
        var results = a.Results();
        Assert.Equal(7, results.Length);
        Assert.Equal(0x00, results[0] & 0x07);       // drive 0, head 0: A's own command
        Assert.Equal(b.Id, _rig.Fdc.Holder);          // B got the lease and its command ran at once
        Assert.False(b.Stopped);
        Assert.Equal(1, b.Grants);
        Assert.True(b.Irq6.Level);
        Assert.Equal(0x01, b.Results()[0]);
        Assert.True(SharingRig.HasSector(a, 0x1000, 0, 0, 0, 1));
        Assert.True(SharingRig.HasSector(b, 0x2000, 1, 0, 0, 2));
        Assert.True(_rig.Fdc.Holder.IsNone);
    }

    [Fact]
    public void A_reset_from_B_during_A_command_waits_and_A_command_completes()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 4);
        _rig.Run(100);
        b.Out(FakeVm.Dor, 0x08);                    // B asserts reset
        Assert.True(b.Stopped);
        Assert.False(_rig.Fdc.Controller.ResetAsserted);
        Assert.Equal(FdcPhase.Execution, _rig.Fdc.Controller.Phase);
        Assert.Equal(1, _rig.Fdc.ResetRow.Requested(b.Id));
        Assert.Equal(0, _rig.Fdc.ResetRow.Effective);
        _rig.Run(450);
        Assert.Equal(0x00, a.Results()[0]);
        Assert.True(SharingRig.HasSector(a, 0x1000, 0, 0, 0, 4));
        Assert.False(b.Stopped);                     // B holds the lease: its reset reached the controller
        Assert.True(_rig.Fdc.Controller.ResetAsserted);
        int edgesA = a.Irq6.RisingEdges;
        b.Out(FakeVm.Dor, 0x0C);
        Assert.True(b.Irq6.Level);
        for (int d = 0; d < 4; d++)
        {
            b.Command(0x08);
            Assert.Equal(0xC0 | d, b.Results()[0]);
        }
        Assert.Equal(edgesA, a.Irq6.RisingEdges);
        Assert.True(_rig.Fdc.Holder.IsNone);
        Assert.True(_rig.Drive0.MotorOn);            // B's reset kept A's motor (B never asked for motor 0)
    }

    [Fact]
    public void Dma_goes_to_the_memory_of_the_lease_holder_only()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        b.Out(FakeVm.Dor, 0x2D);
        _rig.Run(500);
        a.ProgramDma(0x3000, 512);
        b.ProgramDma(0x3000, 512);
        a.ReadSector(0, 0, 0, 1);
        a.Results();
        Assert.True(SharingRig.HasSector(a, 0x3000, 0, 0, 0, 1));
        Assert.All(b.Memory.Bytes, x => Assert.Equal(0, x));
        b.ReadSector(1, 0, 1, 1);
        Assert.Equal(0x05, b.Results()[0]);          // drive 1, head 1
        Assert.True(SharingRig.HasSector(b, 0x3000, 1, 0, 1, 1));
        Assert.True(SharingRig.HasSector(a, 0x3000, 0, 0, 0, 1));
    }

    [Fact]
    public void Irq6_goes_to_the_line_of_the_lease_holder_only()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        int edgesA = a.Irq6.RisingEdges, edgesB = b.Irq6.RisingEdges;
        a.Out(FakeVm.Dor, 0x1C);
        a.Command(0x0F, 0x00, 10);                   // SEEK: the lease stays with A until it senses
        b.Command(0x0F, 0x01, 5);
        Assert.True(b.Stopped);
        _rig.Run(200);
        Assert.Equal((edgesA + 1, edgesB), (a.Irq6.RisingEdges, b.Irq6.RisingEdges));
        a.Command(0x08);
        Assert.Equal([0x20, 10], a.Results());
        Assert.Equal(b.Id, _rig.Fdc.Holder);
        _rig.Run(200);
        Assert.Equal((edgesA + 1, edgesB + 1), (a.Irq6.RisingEdges, b.Irq6.RisingEdges));
        b.Command(0x08);
        Assert.Equal([0x21, 5], b.Results());
    }

    [Fact]
    public void Selects_and_data_rates_of_a_waiting_vm_wait_in_its_column()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        a.ReadSector(0, 0, 0, 1);
        b.Out(FakeVm.Dor, 0x2D);
        b.Out(FakeVm.Ccr, 1);
        Assert.Equal(0, _rig.Fdc.Controller.DriveSelect);
        Assert.Equal(FloppyDataRate.Kbps500, _rig.Fdc.Controller.DataRate);
        Assert.Equal(0x2D, b.In(FakeVm.Dor));
        Assert.Equal(1, _rig.Fdc.SelectRow.Requested(b.Id));
        Assert.False(b.Stopped);                      // no command yet: nothing to wait for
        b.Command(0x04, 0x01);                        // SENSE DRIVE STATUS: waits
        _rig.Run(600);
        a.Results();
        Assert.Equal(1, _rig.Fdc.Controller.DriveSelect);
        Assert.Equal(FloppyDataRate.Kbps300, _rig.Fdc.Controller.DataRate);
        Assert.Equal(0x21, b.Results()[0] & 0x23);   // ST3: ready, drive 1
    }

    [Fact]
    public void Three_vms_get_the_lease_in_the_order_they_asked()
    {
        var rig = new SharingRig(vms: 3);
        Boot(rig);
        rig.A.Out(FakeVm.Dor, 0x1C);
        rig.A.ReadSector(0, 0, 0, 1);
        rig.C.Command(0x10);                         // VERSION
        rig.B.Command(0x10);
        Assert.Equal([rig.C.Id, rig.B.Id], rig.Table.Snapshot().Rows[0].Waiting);
        rig.Run(600);
        rig.A.Results();
        Assert.Equal(rig.C.Id, rig.Fdc.Holder);
        Assert.False(rig.C.Stopped);
        Assert.True(rig.B.Stopped);
        Assert.Equal([0x90], rig.C.Results());
        Assert.Equal(rig.B.Id, rig.Fdc.Holder);
        Assert.Equal([0x90], rig.B.Results());
        Assert.True(rig.Fdc.Holder.IsNone);
    }

    [Fact]
    public void A_retired_holder_hands_the_controller_on_even_with_a_command_stuck()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.ReadSector(0, 0, 0, 1);                    // motor off: waits for ever
        b.Command(0x10);
        _rig.Run(2000);                              // under the lease time-out
        Assert.True(b.Stopped);
        _rig.Fdc.Retire(a.Id);
        Assert.False(b.Stopped);
        Assert.Equal([0x90], b.Results());
    }

    [Fact]
    public void A_holder_silent_for_the_time_out_with_its_command_unfinished_loses_the_lease_and_gets_a_reset_next()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.ReadSector(0, 0, 0, 1);                    // motor off: the command never ends, and A never looks again
        b.Command(0x10);                             // VERSION: waits for the lease
        _rig.Run(2900);
        Assert.True(b.Stopped);
        Assert.Equal(0L, _rig.Fdc.LeaseTimeouts);

        _rig.Run(200);                               // 3 s after A's last access

        Assert.False(b.Stopped);
        Assert.Equal(1L, _rig.Fdc.LeaseTimeouts);
        Assert.Equal([0x90], b.Results());           // B's parked command ran on the reset controller
        int edges = a.Irq6.RisingEdges;
        Assert.Equal(0x80, a.In(FakeVm.Msr) & 0x80);
        a.Command(0x08);                             // A's next access: it gets the lease and the reset it is owed
        Assert.Equal(edges + 1, a.Irq6.RisingEdges);
        Assert.Equal(0xC0, a.Results()[0]);          // SENSE INTERRUPT STATUS after a reset: drive 0's polling status
    }

    [Fact]
    public void A_holder_that_polls_a_command_that_makes_no_progress_loses_the_lease()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.ReadSector(0, 0, 0, 1);                    // motor off: the command never ends
        b.Command(0x10);
        for (int i = 0; i < 29; i++)
        {
            _rig.Run(100);
            a.In(FakeVm.Msr);                        // A's BIOS looks at the controller ten times a second
        }
        Assert.True(b.Stopped);

        for (int i = 0; i < 2; i++)
        {
            _rig.Run(100);
            a.In(FakeVm.Msr);                        // looking is no progress: 3 s after A's last command byte
        }

        Assert.False(b.Stopped);
        Assert.Equal(1L, _rig.Fdc.LeaseTimeouts);
        Assert.Equal([0x90], b.Results());
    }

    [Fact]
    public void A_holder_that_starts_a_command_and_polls_the_status_for_ever_loses_the_lease()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Command(0x0F);                             // SEEK's first byte, and no more
        b.Command(0x10);
        for (int i = 0; i < 400; i++)
        {
            _rig.Run(10);
            a.In(FakeVm.Msr);
        }

        Assert.False(b.Stopped);
        Assert.Equal(1L, _rig.Fdc.LeaseTimeouts);
        Assert.Equal([0x90], b.Results());
    }

    [Fact]
    public void A_holder_that_reads_its_result_bytes_slowly_keeps_the_lease()
    {
        Boot(_rig);
        var (a, b) = (_rig.A, _rig.B);
        a.Out(FakeVm.Dor, 0x1C);
        _rig.Run(500);
        a.ProgramDma(0x1000, 512);
        a.ReadSector(0, 0, 0, 1);
        _rig.Run(300);
        b.Command(0x10);
        var results = new List<byte>();
        for (int i = 0; i < 7; i++)
        {
            _rig.Run(2000);                          // 14 s in all, each result byte within 2 s of the last
            results.Add(a.In(FakeVm.Fifo));
        }

        Assert.Equal(0L, _rig.Fdc.LeaseTimeouts);
        Assert.Equal(0x00, results[0]);
        Assert.False(b.Stopped);                     // A's command is done: B has the controller
        Assert.Equal([0x90], b.Results());
    }
}
