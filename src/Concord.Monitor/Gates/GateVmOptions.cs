using Concord.Core.Cpu;
using Concord.Core.Memory;

namespace Concord.Monitor.Gates;

/// <summary>
/// One VM as the gates know it: nothing about its devices, only its vCPU, its memory map, where its
/// busy byte is, and which of its pages a window may cover.
/// </summary>
public sealed record GateVmOptions
{
    /// <summary>The default <see cref="StubPage"/>: the last page below the PC BIOS (F0000h), free on both profiles.</summary>
    public const int DefaultStubPage = 0xEF000;

    /// <summary>The default <see cref="ContextPage"/>: the page below the stub page, free on both profiles.</summary>
    public const int DefaultContextPage = 0xEE000;

    /// <summary>Unique among the VMs; gate specs and traces name the VM by it.</summary>
    public required string Name { get; init; }

    public required IVcpu Vcpu { get; init; }

    public required MemoryMap Memory { get; init; }

    /// <summary>Linear address of the busy byte (non-zero while the OS is inside its own service, e.g. InDOS), or null for none.</summary>
    public int? BusyByte { get; init; }

    /// <summary>
    /// The VM runs a DOS (3.1 or later) that the monitor asks, at its first idle moment (INT 28h),
    /// where its InDOS and critical-error flags are; calls then enter it at DOS's own safe points
    /// and run in a process context of the monitor's (a PSP, a DTA, INT 23h/24h handlers) kept in
    /// <see cref="ContextPage"/>. Excludes <see cref="BusyByte"/>. See docs/gates.md, "Real DOS".
    /// </summary>
    public bool Dos { get; init; }

    /// <summary>
    /// The monitor asks the VM's DOS (as for <see cref="Dos"/>) though gate calls into it keep its
    /// <see cref="BusyByte"/> (or none): for the VM's mounted drives and host commands
    /// (<see cref="GateMonitor.Call"/>), which need its List of Lists, SDA and InDOS.
    /// </summary>
    public bool AskDos { get; init; }

    /// <summary>
    /// The VM's vector watches, shared with the other parts of the monitor that watch its INTs (its
    /// mounted drives, a host command's output); null: the gates make their own.
    /// </summary>
    public VectorWatches? Watches { get; init; }

    /// <summary>
    /// The BIOS's keyboard interrupt in a <see cref="Dos"/> VM (16h on the PC/AT, 18h on the PC-98):
    /// a blocking key read there (AH=00h or 10h) while INT 21h has no DOS says the VM runs no DOS.
    /// </summary>
    public byte KeyboardVector { get; init; } = 0x16;

    /// <summary>
    /// Where the monitor maps its process-context page (4 KiB of RAM: its PSP and the stack calls
    /// run on) in a <see cref="Dos"/> VM. The page must be unmapped when the VM is added.
    /// </summary>
    public int ContextPage { get; init; } = DefaultContextPage;

    /// <summary>
    /// Whether the VM is inside a hardware interrupt handler now (e.g. its PIC has an interrupt in
    /// service), or null when nothing says so. Such a moment is no safe point even with the busy byte
    /// at zero: a call entered there would run with the handler's interrupt still unacknowledged, and
    /// an OS service that waits for a lower-priority IRQ (a diskette read waiting for IRQ 6) would never
    /// see it. The monitor gives a probe of the VM's own interrupt controller.
    /// </summary>
    public Func<bool>? InInterruptHandler { get; init; }

    /// <summary>
    /// Where the monitor maps its stub page (4 KiB of HLT, read-only) in this VM: the return stub
    /// is its first byte. The page must be unmapped when the VM is added.
    /// </summary>
    public int StubPage { get; init; } = DefaultStubPage;

    /// <summary>A vector that, executed by a handler inside a gate call, ends the call explicitly (null: none).</summary>
    public byte? EndVector { get; init; }

    /// <summary>
    /// Pages this VM has mapped but does not use, so that a window may cover them during a call
    /// (their own mapping comes back afterwards). Unmapped pages are always free.
    /// </summary>
    public IReadOnlyList<PageRange> Lendable { get; init; } = [];
}
