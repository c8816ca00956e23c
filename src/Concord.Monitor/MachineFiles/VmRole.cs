namespace Concord.Monitor.MachineFiles;

/// <summary>What a VM is to the machine: the one parent (native memory map) or a guest.</summary>
public enum VmRole
{
    /// <summary>The OS made for this machine; exactly one VM of a machine file has this role.</summary>
    Parent,

    /// <summary>An OS with the memory map of the hardware it was made for.</summary>
    Guest,
}
