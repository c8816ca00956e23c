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

    private void Seek(FakeVm vm, int cylinder)
    {
        vm.Command(0x0F, 0x00, (byte)cylinder);
        _rig.Run(1000);
        vm.Command(0x08);
        byte[] sense = vm.Results();
        Assert.Equal([0x20, (byte)cylinder], sense); // seek end, drive 0; the present cylinder
    }

    private byte[] Read(FakeVm vm, int cylinder, uint address)
    {
        vm.ProgramDma(address, 512);
        vm.ReadSector(0, cylinder, 0, 1);
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
}
