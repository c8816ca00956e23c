
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;
namespace Concord.Monitor.MachineFiles;

/// <summary>What runs a VM's vCPU.</summary>
public enum EngineKind
{
    /// <summary>The portable, deterministic C# interpreter.</summary>
    Interp,

    /// <summary>Linux KVM. The machine file accepts it; the monitor reports whether it is available.</summary>
    Kvm,
}
