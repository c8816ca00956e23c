namespace Concord.Core.Cpu;

/// <summary>What runs a VM's vCPU. <c>Concord.Engines.EngineFactory</c> makes the vCPU and knows which engines this build has.</summary>
public enum EngineKind
{
    /// <summary>The portable, deterministic C# interpreter.</summary>
    Interp,

    /// <summary>Linux KVM. Machine files accept it; the engine factory reports it unavailable (not built yet).</summary>
    Kvm,

    /// <summary>The translating engine: hot guest code compiled to .NET code, cold code interpreted, the same results as <see cref="Interp"/>.</summary>
    Jit,

    /// <summary>Not an engine but a choice: the factory picks <see cref="Jit"/> for the CPU models it translates, else <see cref="Interp"/>.</summary>
    Auto,
}
