using Concord.Core.Memory;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;

namespace Concord.Devices.Tests.Floppy;

public sealed class Pc98FdcInterfaceTests : IDisposable
{
    private readonly FakeClock _clock = new();
    private readonly RecordingIrqLine _irq = new();
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly Fdc82077 _fdc;
    private readonly Pc98FdcInterface _interface;

    public Pc98FdcInterfaceTests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _fdc = new Fdc82077(_clock, _irq, new Dma8237(new MemoryMapDmaMemory(_map)));
        _fdc.Attach(0, new FloppyDrive(_clock, FloppyDriveType.Drive1200K));
        _fdc.Drive(0)!.Insert(FloppyImage.CreateInMemory(FloppyGeometry.Floppy1232K));
        _interface = new Pc98FdcInterface(_fdc);
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    [Theory]
    [InlineData(0x80, 0x00)]       // RST: held in reset
    [InlineData(0x90, 0x08)]       // RST with DMAE
    [InlineData(0x10, 0x0C)]       // running, DMAE
    [InlineData(0x18, 0xFC)]       // running, DMAE, MTON: every motor
    public void A_control_write_becomes_one_dor_write(byte control, byte dor)
    {
        _interface.Write(Pc98FdcInterface.ControlPort, control);
        Assert.Equal(dor, _fdc.Dor);
    }

    [Fact]
    public void The_first_control_write_sets_the_1_mb_interfaces_500_kbps()
    {
        Assert.Equal(FloppyDataRate.Kbps250, _fdc.DataRate);
        _interface.Write(Pc98FdcInterface.ControlPort, 0x90);
        Assert.Equal(FloppyDataRate.Kbps500, _fdc.DataRate);
    }

    [Fact]
    public void Releasing_rst_interrupts_and_the_controller_answers_at_90h_and_92h()
    {
        _interface.Write(Pc98FdcInterface.ControlPort, 0x90);
        _interface.Write(Pc98FdcInterface.ControlPort, 0x10);
        Assert.True(_irq.Level);

        Assert.Equal(0x80, _interface.Read(Pc98FdcInterface.StatusPort)); // RQM: waiting for a command
        _interface.Write(Pc98FdcInterface.DataPort, 0x08);              // SENSE INTERRUPT STATUS
        Assert.Equal(0xD0, _interface.Read(Pc98FdcInterface.StatusPort) & 0xD0);
        Assert.Equal(0xC0, _interface.Read(Pc98FdcInterface.DataPort));   // ST0: polling, drive 0
        _interface.Read(Pc98FdcInterface.DataPort);
        Assert.False(_irq.Level);
    }

    [Fact]
    public void Mton_turns_the_drives_motors()
    {
        _interface.Write(Pc98FdcInterface.ControlPort, 0x18);
        _clock.AdvanceMs(600);
        Assert.True(_fdc.Drive(0)!.MotorOn);
        _interface.Write(Pc98FdcInterface.ControlPort, 0x10);
        Assert.False(_fdc.Drive(0)!.MotorOn);
    }
}
