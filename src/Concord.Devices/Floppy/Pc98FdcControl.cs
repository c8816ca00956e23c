namespace Concord.Devices.Floppy;

/// <summary>The PC-98 1 MB floppy interface's control register (port 94h, written).</summary>
[Flags]
public enum Pc98FdcControl : byte
{
    None = 0,
    /// <summary>MTON: the drives' motors (one line for every drive).</summary>
    MotorOn = 0x08,
    /// <summary>DMAE: the controller's DMA request (and, here, its interrupt) reach the bus.</summary>
    DmaEnable = 0x10,
    /// <summary>FRY: the drives are forced ready (not modelled).</summary>
    ForceReady = 0x40,
    /// <summary>RST: holds the uPD765A in reset while set.</summary>
    Reset = 0x80,
}
