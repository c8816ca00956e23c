using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Floppy;

public sealed class Fdc82077Tests : IDisposable
{
    private readonly FdcTestMachine _m = new();

    public void Dispose() => _m.Dispose();

    private void InsertPattern(FloppyGeometry geometry, bool writeProtected = false) =>
        _m.DriveA.Insert(FdcTestMachine.PatternImage(geometry, writeProtected));

    private void AssertSectorAt(uint address, int c, int h, int s, int size = 512)
    {
        var span = _m.Ram.Span.Slice((int)address, size);
        for (int i = 0; i < size; i += 97)
            Assert.Equal(FdcTestMachine.SectorByte(c, h, s, i), span[i]);
    }

    [Fact]
    public void Controller_is_held_in_reset_at_power_on()
    {
        Assert.Equal(FdcPhase.Reset, _m.Fdc.Phase);
        Assert.Equal(0x00, _m.In(FdcTestMachine.Msr));
    }

    [Fact]
    public void Reset_release_raises_irq6_and_reports_four_polling_statuses()
    {
        _m.Out(FdcTestMachine.Dor, 0x00);
        _m.Out(FdcTestMachine.Dor, 0x0C);
        Assert.True(_m.Irq6.Level);
        for (int d = 0; d < 4; d++)
        {
            _m.Command(0x08);
            Assert.Equal(new byte[] { (byte)(0xC0 | d), 0 }, _m.Result());
            Assert.False(_m.Irq6.Level); // the first sense already lowers the line
        }
        _m.Command(0x08);
        Assert.Equal(new byte[] { 0x80 }, _m.Result());
    }

    [Fact]
    public void Seek_after_a_single_reset_sense_still_raises_a_new_irq6_edge()
    {
        _m.Out(FdcTestMachine.Dor, 0x00);
        _m.Out(FdcTestMachine.Dor, 0x0C);
        _m.Command(0x08);
        _m.Result();
        _m.Command(0x0F, 0x00, 2);
        _m.Clock.AdvanceMs(100);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(2, _m.Irq6.RisingEdges);
        _m.Command(0x08);
        Assert.Equal(new byte[] { 0x20, 2 }, _m.Result()); // the seek's status comes before the older polls of drives 1-3
    }

    [Fact]
    public void Dma_gate_off_hides_irq6()
    {
        _m.Out(FdcTestMachine.Dor, 0x00);
        _m.Out(FdcTestMachine.Dor, 0x04);
        Assert.False(_m.Irq6.Level);
        Assert.True(_m.Fdc.InterruptPending);
        _m.Out(FdcTestMachine.Dor, 0x0C);
        Assert.True(_m.Irq6.Level);
    }

    [Fact]
    public void Version_command_answers_90h()
    {
        _m.Reset();
        _m.Command(0x10);
        Assert.Equal(new byte[] { 0x90 }, _m.Result());
    }

    [Fact]
    public void Unknown_command_answers_80h()
    {
        _m.Reset();
        _m.Command(0x1F);
        Assert.Equal(new byte[] { 0x80 }, _m.Result());
        _m.Command(0x42); // READ TRACK is not implemented
        Assert.Equal(new byte[] { 0x80 }, _m.Result());
        Assert.Equal(FdcPhase.Idle, _m.Fdc.Phase);
    }

    [Fact]
    public void Seek_takes_step_time_per_track_and_ends_with_seek_end_status()
    {
        _m.Reset(rate: 0);
        _m.Command(0x07, 0x00); // RECALIBRATE drive 0 (already on track 0)
        _m.Fdc.Advance(_m.Clock.NowNs);
        _m.Command(0x08);
        Assert.Equal(new byte[] { 0x20, 0 }, _m.Result());
        _m.Command(0x0F, 0x00, 10);
        Assert.Equal(0x81, _m.In(FdcTestMachine.Msr)); // drive 0 busy, ready for commands
        Assert.Equal(_m.Clock.NowNs + 30_000_000, _m.Fdc.NextEventNs);
        _m.Clock.AdvanceMs(29);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.False(_m.Irq6.Level);
        _m.Clock.AdvanceMs(1);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.True(_m.Irq6.Level);
        _m.Command(0x08);
        Assert.Equal(new byte[] { 0x20, 10 }, _m.Result());
        Assert.Equal(10, _m.DriveA.Cylinder);
    }

    [Fact]
    public void Recalibrate_without_a_drive_reports_equipment_check()
    {
        _m.Fdc.Attach(3, null);
        _m.Reset();
        _m.Command(0x07, 0x03);
        _m.Clock.AdvanceMs(1000);
        _m.Fdc.Advance(_m.Clock.NowNs);
        _m.Command(0x08);
        Assert.Equal(0x73, _m.Result()[0]);
    }

    [Fact]
    public void Read_data_moves_a_sector_through_dma_into_memory()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Seek(0, 0, 2);
        _m.ProgramDma(0x46, 0x7C00, 512);
        _m.ReadData(0, c: 2, h: 1, r: 5, n: 2, eot: 18);
        Assert.True(_m.Irq6.Level);
        Assert.Equal(new byte[] { 0x04, 0, 0, 2, 1, 6, 2 }, _m.Result());
        Assert.False(_m.Irq6.Level);
        AssertSectorAt(0x7C00, 2, 1, 5);
        Assert.Equal(FdcPhase.Idle, _m.Fdc.Phase);
    }

    [Fact]
    public void Motor_spin_up_delays_the_result_phase()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        Assert.Equal(0x10, _m.In(FdcTestMachine.Msr)); // busy, no RQM
        Assert.Equal(_m.Clock.NowNs + 500_000_000, _m.Fdc.NextEventNs);
        _m.Clock.AdvanceMs(499);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        Assert.False(_m.Irq6.Level);
        _m.Clock.AdvanceMs(1);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Result, _m.Fdc.Phase);
        Assert.True(_m.Irq6.Level);
        Assert.Equal(0x00, _m.Result()[0]);
        AssertSectorAt(0x1000, 0, 0, 1);
    }

    [Fact]
    public void Spin_up_time_is_settable_per_drive()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.DriveA.SpinUpNs = 50_000_000;
        _m.Reset();
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        _m.Clock.AdvanceMs(50);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Result, _m.Fdc.Phase);
    }

    [Fact]
    public void Read_with_motor_off_waits_until_the_motor_is_up_to_speed()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        Assert.Equal(long.MaxValue, _m.Fdc.NextEventNs);
        _m.Clock.AdvanceMs(5000);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        Assert.True(_m.Fdc.CommandInFlight);
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.Clock.AdvanceMs(500);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Result, _m.Fdc.Phase);
    }

    [Fact]
    public void Read_from_an_empty_drive_never_completes()
    {
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        _m.Clock.AdvanceMs(10_000);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        _m.DriveA.Insert(FdcTestMachine.PatternImage(FloppyGeometry.Floppy1440K));
        Assert.Equal(FdcPhase.Result, _m.Fdc.Phase);
    }

    [Fact]
    public void Multi_track_read_continues_on_head_1()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x2000, 1024);
        _m.ReadData(0, 0, 0, 18, 2, 18, multiTrack: true);
        Assert.Equal(new byte[] { 0x04, 0, 0, 0, 1, 2, 2 }, _m.Result());
        AssertSectorAt(0x2000, 0, 0, 18);
        AssertSectorAt(0x2200, 0, 1, 1);
    }

    [Fact]
    public void Terminal_count_at_eot_gives_next_cylinder_in_result()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x2000, 1024);
        _m.ReadData(0, 0, 1, 17, 2, 18, multiTrack: true);
        Assert.Equal(new byte[] { 0x04, 0, 0, 1, 0, 1, 2 }, _m.Result());
    }

    [Fact]
    public void Read_past_eot_without_terminal_count_ends_with_end_of_cylinder()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x3000, 4096);
        _m.ReadData(0, 0, 0, 1, 2, eot: 2);
        Assert.Equal(new byte[] { 0x40, 0x80, 0, 1, 0, 1, 2 }, _m.Result());
        AssertSectorAt(0x3200, 0, 0, 2);
    }

    [Fact]
    public void Masked_dma_channel_gives_an_overrun()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x3000, 512);
        _m.Out(0x0A, 0x06);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        var result = _m.Result();
        Assert.Equal(0x40, result[0]);
        Assert.Equal(0x10, result[1]);
    }

    [Fact]
    public void Missing_sector_reports_no_data_after_two_revolutions()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x3000, 512);
        _m.ReadData(0, 0, 0, 19, 2, 19);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        _m.Clock.AdvanceMs(400);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(new byte[] { 0x40, 0x04, 0x00, 0, 0, 19, 2 }, _m.Result());
    }

    [Fact]
    public void Wrong_cylinder_in_the_command_sets_no_data_and_wrong_cylinder()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Seek(0, 0, 5);
        _m.ProgramDma(0x46, 0x3000, 512);
        _m.ReadData(0, 4, 0, 1, 2, 18);
        _m.Clock.AdvanceMs(400);
        var result = _m.Result();
        Assert.Equal(new byte[] { 0x40, 0x04, 0x10 }, result[..3]);
    }

    [Fact]
    public void Implied_seek_moves_the_head_before_reading()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.Command(0x13, 0x00, 0x40, 0x00); // CONFIGURE: EIS
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x3000, 512);
        _m.ReadData(0, 7, 0, 3, 2, 18);
        _m.Clock.AdvanceMs(21);
        _m.Fdc.Advance(_m.Clock.NowNs);
        Assert.Equal(0x00, _m.Result()[0]);
        AssertSectorAt(0x3000, 7, 0, 3);
        Assert.Equal(7, _m.DriveA.Cylinder);
    }

    [Fact]
    public void Wrong_data_rate_finds_no_address_mark()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset(rate: 2); // 250 kbps: a 720K rate
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x46, 0x3000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        _m.Clock.AdvanceMs(400);
        Assert.Equal(new byte[] { 0x40, 0x01, 0x00 }, _m.Result()[..3]);
    }

    [Fact]
    public void Write_data_puts_memory_on_the_disk()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Seek(0, 0, 1);
        for (int i = 0; i < 1024; i++) _m.Ram.Span[0x5000 + i] = (byte)(i ^ 0x5A);
        _m.ProgramDma(0x4A, 0x5000, 1024);
        _m.WriteData(0, 1, 0, 4, 2, 18);
        Assert.Equal(new byte[] { 0x00, 0, 0, 1, 0, 6, 2 }, _m.Result());
        var image = _m.DriveA.Media!;
        int offset = FloppyGeometry.Floppy1440K.SectorIndex(1, 0, 4) * 512;
        Assert.Equal(_m.Ram.Span.Slice(0x5000, 1024).ToArray(), image.Data.Slice(offset, 1024).ToArray());
    }

    [Fact]
    public void Write_protected_disk_refuses_write_with_not_writable()
    {
        InsertPattern(FloppyGeometry.Floppy1440K, writeProtected: true);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.ProgramDma(0x4A, 0x5000, 512);
        _m.WriteData(0, 0, 0, 1, 2, 18);
        Assert.Equal(new byte[] { 0x40, 0x02, 0x00, 0, 0, 1, 2 }, _m.Result());
        Assert.Equal(FdcTestMachine.SectorByte(0, 0, 1, 0), _m.DriveA.Media!.Data[0]);
    }

    [Fact]
    public void Format_track_then_read_id_and_read_back_the_fill_byte()
    {
        _m.DriveA.Insert(FloppyImage.CreateInMemory(FloppyGeometry.Floppy1440K));
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Seek(0, 1, 3);
        for (int s = 0; s < 18; s++)
        {
            _m.Ram.Span[0x600 + 4 * s] = 3;
            _m.Ram.Span[0x601 + 4 * s] = 1;
            _m.Ram.Span[0x602 + 4 * s] = (byte)(s + 1);
            _m.Ram.Span[0x603 + 4 * s] = 2;
        }
        _m.ProgramDma(0x4A, 0x600, 18 * 4);
        _m.Command(0x4D, 0x04, 2, 18, 0x54, 0xF6); // FORMAT TRACK head 1, N=2, 18 sectors, gap 54h, fill F6h
        var format = _m.Result();
        Assert.Equal(new byte[] { 0x04, 0, 0 }, format[..3]);

        _m.Command(0x4A, 0x04); // READ ID head 1
        var id = _m.Result();
        Assert.Equal(0x04, id[0]);
        Assert.Equal(3, id[3]);
        Assert.Equal(1, id[4]);
        Assert.InRange(id[5], 1, 18);
        Assert.Equal(2, id[6]);

        _m.ProgramDma(0x46, 0x8000, 512);
        _m.ReadData(0, 3, 1, 18, 2, 18);
        Assert.Equal(0x04, _m.Result()[0]);
        Assert.Equal(0xF6, _m.Ram.Span[0x8000]);
        Assert.Equal(0xF6, _m.Ram.Span[0x81FF]);
        Assert.Equal(0, _m.DriveA.Media!.Data[FloppyGeometry.Floppy1440K.SectorIndex(3, 0, 1) * 512]);
    }

    [Fact]
    public void Read_id_sector_follows_the_rotation()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Command(0x4A, 0x00);
        int first = _m.Result()[5];
        _m.Clock.AdvanceNs(_m.DriveA.RevolutionNs / 18);
        _m.Command(0x4A, 0x00);
        int second = _m.Result()[5];
        Assert.Equal(first % 18 + 1, second);
    }

    [Fact]
    public void Sectors_of_1024_bytes_on_a_1_23M_disk()
    {
        InsertPattern(FloppyGeometry.Floppy1232K);
        _m.Reset(rate: 0);
        _m.MotorOnAndWait(0);
        _m.Seek(0, 1, 76);
        _m.ProgramDma(0x46, 0x10000, 2048);
        _m.ReadData(0, 76, 1, 7, 3, 8);
        Assert.Equal(new byte[] { 0x04, 0, 0, 77, 1, 1, 3 }, _m.Result());
        AssertSectorAt(0x10000, 76, 1, 7, 1024);
        AssertSectorAt(0x10400, 76, 1, 8, 1024);
        _m.ProgramDma(0x46, 0x10000, 512);
        _m.ReadData(0, 76, 1, 1, 2, 8); // asking for 512-byte sectors finds none
        _m.Clock.AdvanceMs(400);
        Assert.Equal(new byte[] { 0x44, 0x04 }, _m.Result()[..2]);
    }

    [Fact]
    public void Verify_with_sector_count_moves_no_memory()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Command(0x56, 0x80, 0, 0, 1, 2, 18, 0x1B, 3); // VERIFY EC=1, 3 sectors
        Assert.Equal(new byte[] { 0x00, 0, 0, 0, 0, 4, 2 }, _m.Result());
        Assert.Equal(0, _m.Ram.Span[0]);
    }

    [Fact]
    public void Disk_change_line_is_cleared_only_by_a_step_with_the_motor_on()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        Assert.Equal(0x80, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.Seek(0, 0, 1); // motor off: no reset of the line
        Assert.Equal(0x80, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.MotorOnAndWait(0);
        _m.Seek(0, 0, 1); // no step pulse: the head is already there
        Assert.Equal(0x80, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.Seek(0, 0, 0);
        Assert.Equal(0x00, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.DriveA.Eject();
        Assert.Equal(0x80, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.DriveA.Insert(FloppyImage.CreateInMemory(FloppyGeometry.Floppy1440K));
        _m.Seek(0, 0, 1);
        Assert.Equal(0x00, _m.In(FdcTestMachine.Dir) & 0x80);
    }

    [Fact]
    public void Dir_reports_the_drive_selected_in_the_dor()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.MotorOnAndWait(0);
        _m.Seek(0, 0, 1);
        Assert.Equal(0x00, _m.In(FdcTestMachine.Dir) & 0x80);
        _m.Out(FdcTestMachine.Dor, 0x1D); // select B:, whose line is still set
        Assert.Equal(0x80, _m.In(FdcTestMachine.Dir) & 0x80);
    }

    [Fact]
    public void Sense_drive_status_reports_track_0_and_write_protect()
    {
        InsertPattern(FloppyGeometry.Floppy1440K, writeProtected: true);
        _m.Reset();
        _m.Command(0x04, 0x04);
        Assert.Equal(new byte[] { 0x40 | 0x20 | 0x10 | 0x08 | 0x04 }, _m.Result());
        _m.Seek(0, 0, 3);
        _m.Command(0x04, 0x00);
        Assert.Equal(0, _m.Result()[0] & 0x10);
    }

    [Fact]
    public void Dumpreg_reports_specify_configure_and_cylinders()
    {
        _m.Reset();
        _m.Seek(1, 0, 9);
        _m.Command(0x13, 0x00, 0x57, 0x11);
        _m.Command(0x0E);
        Assert.Equal(new byte[] { 0, 9, 0, 0, 0xDF, 0x02, 0, 0, 0x57, 0x11 }, _m.Result());
    }

    [Fact]
    public void Lock_keeps_configure_across_a_reset()
    {
        _m.Reset();
        _m.Command(0x13, 0x00, 0x57, 0x11);
        _m.Command(0x94);
        Assert.Equal(new byte[] { 0x10 }, _m.Result());
        _m.Out(FdcTestMachine.Dor, 0x00);
        _m.Out(FdcTestMachine.Dor, 0x0C); // polling is disabled by the locked configuration: no statuses
        _m.Command(0x0E);
        var dump = _m.Result();
        Assert.Equal(0x57, dump[8]);
        Assert.Equal(0x80, dump[7] & 0x80);
        _m.Command(0x14);
        Assert.Equal(new byte[] { 0x00 }, _m.Result());
    }

    [Fact]
    public void Dsr_software_reset_clears_itself_and_polls()
    {
        _m.Reset();
        _m.Out(FdcTestMachine.Msr, 0x80);
        Assert.Equal(FdcPhase.Idle, _m.Fdc.Phase);
        Assert.Equal(0x0F, _m.Fdc.PendingSenseDrives);
    }

    [Fact]
    public void Phases_are_reported_as_the_command_goes()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        var phases = new List<FdcPhase>();
        _m.Fdc.PhaseChanged += phases.Add;
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        Assert.Equal(FdcCommand.ReadData, _m.Fdc.CurrentCommand);
        _m.Clock.AdvanceMs(500);
        _m.Fdc.Advance(_m.Clock.NowNs);
        _m.Result();
        Assert.Equal([FdcPhase.Command, FdcPhase.Execution, FdcPhase.Result, FdcPhase.Idle], phases);
        Assert.False(_m.Fdc.CommandInFlight);
    }

    [Fact]
    public void Dor_fields_are_exposed_separately()
    {
        _m.Out(FdcTestMachine.Dor, 0x2D);
        Assert.Equal(2, _m.Fdc.MotorBits);
        Assert.Equal(1, _m.Fdc.DriveSelect);
        Assert.False(_m.Fdc.ResetAsserted);
        Assert.True(_m.Fdc.DmaGate);
        Assert.True(_m.DriveB.MotorOn);
        Assert.False(_m.DriveA.MotorOn);
    }

    [Fact]
    public void Motor_starts_and_on_time_are_counted_per_drive()
    {
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.Clock.AdvanceMs(1000);
        _m.Out(FdcTestMachine.Dor, 0x0C);
        _m.Clock.AdvanceMs(1000);
        _m.Out(FdcTestMachine.Dor, 0x1C);
        _m.Clock.AdvanceMs(250);
        Assert.Equal(2, _m.DriveA.MotorStarts);
        Assert.Equal(1_250_000_000, _m.DriveA.MotorOnTimeNs);
        Assert.Equal(0, _m.DriveB.MotorStarts);
    }

    [Fact]
    public void Command_bytes_are_refused_during_the_execution_phase()
    {
        InsertPattern(FloppyGeometry.Floppy1440K);
        _m.Reset();
        _m.ProgramDma(0x46, 0x1000, 512);
        _m.ReadData(0, 0, 0, 1, 2, 18);
        _m.Out(FdcTestMachine.Fifo, 0x10);
        Assert.Equal(FdcPhase.Execution, _m.Fdc.Phase);
        Assert.Equal(FdcCommand.ReadData, _m.Fdc.CurrentCommand);
    }

    [Fact]
    public void Forty_track_disk_in_a_high_density_drive_is_read_double_stepped()
    {
        var clock = _m.Clock;
        var drive = new FloppyDrive(clock, FloppyDriveType.Drive1200K);
        _m.Fdc.Attach(2, drive);
        drive.Insert(FdcTestMachine.PatternImage(FloppyGeometry.Floppy360K));
        _m.Reset(rate: 1);
        _m.MotorOnAndWait(2);
        _m.Seek(2, 0, 6); // physical track 6 holds cylinder 3
        _m.ProgramDma(0x46, 0x4000, 512);
        _m.ReadData(2, 3, 0, 9, 2, 9);
        Assert.Equal(0x02, _m.Result()[0]);
        AssertSectorAt(0x4000, 3, 0, 9);
    }
}
