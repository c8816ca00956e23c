namespace Concord.Monitor.MachineFiles;

/// <summary>A row of the management table: a control field of a device that exists once on the machine.</summary>
public enum SharedField
{
    /// <summary>The FDC's motor-enable bits (DOR bits 4-7): <c>policy.fdc.motor</c>.</summary>
    FdcMotor,

    /// <summary>The FDC's drive select (DOR bits 0-1): <c>policy.fdc.select</c>.</summary>
    FdcSelect,

    /// <summary>The FDC's reset (DOR bit 2, DSR bit 7): <c>policy.fdc.reset</c>.</summary>
    FdcReset,

    /// <summary>The FDC's DMA and IRQ gate (DOR bit 3): <c>policy.fdc.dma_gate</c>.</summary>
    FdcDmaGate,

    /// <summary>The FDC's command, execution and result phases: <c>policy.fdc.command</c>.</summary>
    FdcCommand,

    /// <summary>The power relay: <c>policy.power</c>.</summary>
    Power,
}
