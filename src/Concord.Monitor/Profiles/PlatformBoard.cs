namespace Concord.Monitor.Profiles;

/// <summary>The chips a profile's VM is built of, and where they answer (<see cref="Vm.VmHardware"/> wires them).</summary>
public enum PlatformBoard
{
    /// <summary>The PC/AT's: 8259A pair at 20h/A0h, 8254 at 40h-43h with port 61h, 8237A at 00h-0Fh, 8042 at 60h/64h, MC146818 at 70h/71h, the FDC at 3F0h-3F7h.</summary>
    At,

    /// <summary>The NEC PC-98's (docs/devices.md): 8259A pair at 00h/08h (slave on IR7), 8253 at 71h-77h, 8237A at 01h-1Fh, 8251 keyboard at 41h/43h, uPD1990A at 20h, system port 31h-37h, the 1 MB floppy interface at 90h-94h.</summary>
    Pc98,
}
