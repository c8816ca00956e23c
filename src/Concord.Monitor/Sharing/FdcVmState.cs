using Concord.Devices.Bus;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>What a <see cref="SharedFdc"/> keeps per VM: its IRQ line and DMA, where it is, its parked writes.</summary>
internal sealed class FdcVmState(VmId id, IIrqLine irq, IDmaController dma, ICallerLocation? caller)
{
    public const int MaxParked = 32;

    public VmId Id { get; } = id;

    public IIrqLine Irq { get; } = irq;

    public IDmaController Dma { get; } = dma;

    public ICallerLocation? Caller { get; } = caller;

    public ParkedWrite[] Parked { get; } = new ParkedWrite[MaxParked];

    public int ParkedCount { get; set; }

    /// <summary>Writes dropped because the parking queue was full (a guest that ignores RQM).</summary>
    public long ParkedDropped { get; set; }

    /// <summary>Waits for the lease (or the exclusive owner); its vCPU should not run.</summary>
    public bool Waiting { get; set; }

    /// <summary>The DOR as this VM last wrote it (its own view; 0 at power-on: in reset).</summary>
    public byte Dor { get; set; }

    /// <summary>The VM released its reset while waiting for the lease: it gets a whole reset pulse when it is granted.</summary>
    public bool ResetOwed { get; set; }

    /// <summary>The VM released the controller from reset and is reading the polling statuses (it keeps the lease meanwhile).</summary>
    public bool ResetSequence { get; set; }

    /// <summary>The command code of the VM's command whose second byte (drive select) is due next, or null.</summary>
    public FdcCommand? CommandOpened { get; set; }

    /// <summary>
    /// The VM began a command that needs the heads where it left them (<see cref="SharedFdc"/> holds
    /// its first byte, parked, until the drive byte says which drive): it sees its own controller
    /// taking command bytes meanwhile.
    /// </summary>
    public bool Assembling { get; set; }

    /// <summary>The drive the VM's parked command addresses, sought back before the command if another VM moved it; -1 none.</summary>
    public int PendingDrive { get; set; } = -1;

    /// <summary>The drives (bit per unit) this VM has given commands to under its present lease.</summary>
    public int DrivesUsed { get; set; }

    /// <summary>
    /// Where this VM left the heads of each drive it used (the cylinder when its lease ended; -1 not
    /// known): its BIOS remembers them there, so they are sought back before its next command.
    /// </summary>
    public int[] Heads { get; } = [-1, -1, -1, -1];

    /// <summary>The VM was retired (powered off): its accesses are ignored.</summary>
    public bool Retired { get; set; }

    public CsIp At => Caller?.Current ?? CsIp.Unknown;
}
