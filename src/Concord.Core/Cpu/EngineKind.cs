namespace Concord.Core.Cpu;

/// <summary>What runs a VM's vCPU. <c>Concord.Engines.EngineFactory</c> makes the vCPU and knows which engines this build has.</summary>
public enum EngineKind
{
    /// <summary>The portable, deterministic C# interpreter.</summary>
    Interp,

    /// <summary>Linux KVM. Machine files accept it; the engine factory reports it unavailable (not built yet).</summary>
    Kvm,
}
