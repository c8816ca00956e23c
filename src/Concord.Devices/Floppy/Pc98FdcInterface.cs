using Concord.Devices.Bus;

namespace Concord.Devices.Floppy;

/// <summary>
/// The PC-98's 1 MB floppy disk interface: a uPD765A whose main status register is read at 90h and
/// whose data register is at 92h, and a control register at 94h (<see cref="Pc98FdcControl"/>: RST,
/// DMAE, MTON), for 1 MB (2HD, 360 rpm, 500 kbps) drives on interrupt INT42 (slave IR3, INT 13h)
/// and DMA channel 2. It drives a controller that has the 82077AA's registers (<see cref="Fdc82077"/>,
/// or a VM's view of the shared one), which runs the uPD765A's command set unchanged.
/// </summary>
/// <remarks>
/// <para>The mapping, register by register: a read of 90h reads the MSR; 92h reads and writes the
/// FIFO; a write of 94h becomes one DOR write: nRESET = not RST, DMAGATE = DMAE, and MTON switches the
/// four motor enables together (the interface has one motor line for all its drives); the drive
/// select bits stay 0 (the uPD765A selects the drive in each command). Before the first of these the
/// CCR is set to 500 kbps, the only rate of a 1 MB interface, and left there. The interrupt and DMA
/// lines are the target's (the monitor connects them to the VM's PIC IR11 and its 8237).</para>
/// <para>Limitations: the interface mode register (BEh), the 1.44 MB mode register (4BEh), the 640 KB
/// interface (C8h-CCh) and FRY are not modelled; reads of 94h give FFh; the DMAE bit gates the
/// interrupt too, as the 82077 in PC/AT mode does, so software must keep it set while it waits for an
/// interrupt (every PC-98 BIOS does).</para>
/// </remarks>
public sealed class Pc98FdcInterface : IPortDevice
{
    public const ushort StatusPort = 0x90;
    public const ushort DataPort = 0x92;
    public const ushort ControlPort = 0x94;
    /// <summary>INT42: the slave PIC's IR3 (IRQ 11), vector 13h.</summary>
    public const int Irq = 11;
    public const int DmaChannel = 2;

    private readonly IPortDevice _controller;
    private readonly ushort _base;
    private bool _rateSet;

    /// <param name="controller">A device with the 82077AA's registers from <paramref name="controllerBase"/>.</param>
    public Pc98FdcInterface(IPortDevice controller, ushort controllerBase = Fdc82077.PrimaryBasePort)
    {
        _controller = controller;
        _base = controllerBase;
    }

    /// <summary>The control register as last written.</summary>
    public Pc98FdcControl Control { get; private set; } = Pc98FdcControl.Reset;

    /// <summary>The DOR a control value becomes.</summary>
    public static byte ToDor(Pc98FdcControl control)
    {
        int dor = 0;
        if ((control & Pc98FdcControl.Reset) == 0) dor |= (int)DorBits.NotReset;
        if ((control & Pc98FdcControl.DmaEnable) != 0) dor |= (int)DorBits.DmaGate;
        if ((control & Pc98FdcControl.MotorOn) != 0) dor |= (int)DorBits.MotorMask;
        return (byte)dor;
    }

    public byte Read(ushort port) => port switch
    {
        StatusPort => _controller.Read((ushort)(_base + Fdc82077.MsrDsrOffset)),
        DataPort => _controller.Read((ushort)(_base + Fdc82077.FifoOffset)),
        _ => 0xFF,
    };

    public void Write(ushort port, byte value)
    {
        switch (port)
        {
            case DataPort:
                _controller.Write((ushort)(_base + Fdc82077.FifoOffset), value);
                break;
            case ControlPort:
                if (!_rateSet)
                {
                    _controller.Write((ushort)(_base + Fdc82077.DirCcrOffset), (byte)FloppyDataRate.Kbps500);
                    _rateSet = true;
                }
                Control = (Pc98FdcControl)value;
                _controller.Write((ushort)(_base + Fdc82077.DorOffset), ToDor(Control));
                break;
        }
    }
}
