using Concord.Devices.Bus;

namespace Concord.Devices.Power;

/// <summary>
/// The machine's power relay, through which software cuts its own power: port EFh (a Concord
/// choice; no PC standard exists). Writing 01h asks for power off: <see cref="PowerOffRequested"/>
/// is set and <see cref="PowerOff"/> raised once; the machine acts on it (stops the VM, flushes the
/// disks). Other values are ignored. Reads return 01h while the power is on and 00h once power off
/// was asked. No IRQ, no DMA.
/// </summary>
/// <remarks>The BIOS's APM "set power state: off" (INT 15h AX=5307h, BX=0001h, CX=0003h) writes 01h here.</remarks>
public sealed class PowerRelay : IPortDevice
{
    public const ushort Port = 0xEF;
    public const byte PowerOffCommand = 0x01;

    public bool PowerOffRequested { get; private set; }

    /// <summary>Raised the first time power off is asked.</summary>
    public event Action? PowerOff;

    public byte Read(ushort port) => PowerOffRequested ? (byte)0x00 : (byte)0x01;

    public void Write(ushort port, byte value)
    {
        if (value != PowerOffCommand || PowerOffRequested) return;
        PowerOffRequested = true;
        PowerOff?.Invoke();
    }

    /// <summary>Power back on (a new run of the machine).</summary>
    public void Reset() => PowerOffRequested = false;
}
