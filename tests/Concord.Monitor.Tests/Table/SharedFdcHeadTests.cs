using Concord.Monitor.Table;

namespace Concord.Monitor.Tests.Table;

/// <summary>
/// The heads of a shared drive, under the lease: each VM finds them where it left them, as a BIOS that
/// remembers its cylinder (and seeks only when it must) expects; the monitor seeks them back, with
/// nobody's IRQ line attached, before the VM's next command reaches the controller.
/// </summary>
public sealed class SharedFdcHeadTests
{
    private readonly SharingRig _rig = new();

    private void Boot()
    {
        foreach (var vm in _rig.Vms)
        {
            vm.ResetAndSense();
            vm.Out(FakeVm.Ccr, 0);
            vm.Out(FakeVm.Dor, 0x1C); // motor 0 on, drive 0
        }
        _rig.Run(600);
    }

    private void Seek(FakeVm vm, int cylinder, int drive = 0)
    {
        vm.Command(0x0F, (byte)drive, (byte)cylinder);
        _rig.Run(1000);
        vm.Command(0x08);
        byte[] sense = vm.Results();
        Assert.Equal([(byte)(0x20 | drive), (byte)cylinder], sense); // seek end, the drive; the present cylinder
    }

    private byte[] Read(FakeVm vm, int cylinder, uint address, int drive = 0)
    {
        vm.ProgramDma(address, 512);
        vm.ReadSector(drive, cylinder, 0, 1);
        _rig.Run(1000);
        return vm.Results();
    }

    [Fact]
    public void A_vm_reads_on_the_cylinder_it_sought_though_another_vm_moved_the_heads_since()
    {
        Boot();
        var (a, b) = (_rig.A, _rig.B);
        Seek(a, 10);
        Assert.Equal(0x00, Read(a, 10, 0x1000)[0]);
        Seek(b, 40);
        Assert.Equal(40, _rig.Drive0.Cylinder);

        byte[] result = Read(a, 10, 0x3000); // no seek: A's heads are on cylinder 10, as far as A knows

        Assert.Equal(0x00, result[0]);       // normal termination, drive 0
        Assert.True(SharingRig.HasSector(a, 0x3000, 0, 10, 0, 1));
        Assert.Equal(4, a.Irq6.RisingEdges); // its reset, seek and two reads: the seek back raised none on A's line
        Assert.Equal(1, _rig.Fdc.SeeksBack);
        Assert.Equal(10, _rig.Drive0.Cylinder);

        byte[] resultB = Read(b, 40, 0x5000);  // and B finds its own cylinder again

        Assert.Equal(0x00, resultB[0]);
        Assert.True(SharingRig.HasSector(b, 0x5000, 0, 40, 0, 1));
    }

    [Fact]
    public void Only_the_drive_a_command_addresses_goes_back_not_every_drive_the_vm_ever_touched()
    {
        Boot();
        var (a, b) = (_rig.A, _rig.B);
        _rig.B.Out(FakeVm.Dor, 0x3C); // B's motors 0 and 1
        _rig.Run(600);
        Seek(b, 0);                   // B's BIOS probes drive 0 at boot (as a PC-98 BIOS probes every unit)...
        Seek(b, 5, drive: 1);         // ...and works on drive 1
        Seek(a, 30);                  // A works on drive 0
        Assert.Equal(0x00, Read(a, 30, 0x1000)[0]);

        byte[] result = Read(b, 5, 0x3000, drive: 1); // B's command addresses drive 1, which nobody moved

        Assert.Equal(0x01, result[0]);                // normal termination, drive 1
        Assert.True(SharingRig.HasSector(b, 0x3000, 1, 5, 0, 1));
        Assert.Equal(0, _rig.Fdc.SeeksBack);          // drive 0 stays where A left it
        Assert.Equal(30, _rig.Drive0.Cylinder);
        Assert.Equal(0x00, Read(a, 30, 0x5000)[0]);   // and A reads on at once
        Assert.Equal(0, _rig.Fdc.SeeksBack);

        Assert.Equal(0x00, Read(b, 0, 0x7000)[0]);    // B reading drive 0 again: now it goes back to cylinder 0 first
        Assert.True(SharingRig.HasSector(b, 0x7000, 0, 0, 0, 1));
        Assert.Equal(1, _rig.Fdc.SeeksBack);
    }

    [Fact]
    public void A_command_waiting_for_its_drive_byte_shows_the_vm_its_own_controller_taking_bytes_and_holds_no_lease()
    {
        Boot();
        var (a, b) = (_rig.A, _rig.B);
        Seek(a, 10);
        Seek(b, 40);

        a.Command(0x46);                              // READ DATA's first byte: which drive is not known yet

        Assert.Equal(0x90, a.In(FakeVm.Msr));         // RQM and busy: its controller takes the next byte
        Assert.True(_rig.Fdc.Holder.IsNone);          // the controller stays free meanwhile
        b.Command(0x10);                              // VERSION from B runs at once
        Assert.Equal([0x90], b.Results());
        Assert.False(b.Stopped);

        a.Command(0x00, 10, 0, 1, 2, 1, 0x1B, 0xFF);  // the rest: drive 0, which B moved
        a.ProgramDma(0x1000, 512);
        _rig.Run(1000);
        Assert.Equal(0x00, a.Results()[0]);
        Assert.Equal(1, _rig.Fdc.SeeksBack);
        Assert.Equal(10, _rig.Drive0.Cylinder);
    }
}
