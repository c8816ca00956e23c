namespace Concord.Monitor.MachineFiles;

/// <summary>How the monitor knows that a VM's OS is inside its own service (a safe point for gate calls).</summary>
public enum BusyByteMode
{
    /// <summary>Found at boot: the monitor asks the OS (e.g. INT 21h AH=34h, DOS's InDOS address).</summary>
    Auto,

    /// <summary>At a fixed address, given in the machine file.</summary>
    Fixed,

    /// <summary>The OS has none: gate calls enter it whenever no other call is inside it.</summary>
    None,
}
