using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines;

/// <summary>
/// Makes a vCPU of the engine a VM's spec names, for its CPU model, over the VM's memory map and
/// port bus. The monitor builds every vCPU here and sees only <see cref="IVcpu"/>; a new engine is
/// added here and nowhere in the monitor. One factory per machine: an engine that needs resources
/// shared by a machine's vCPUs keeps them in the factory.
/// </summary>
public sealed class EngineFactory
{
    /// <summary>The engines this build can make, in the order tests run them.</summary>
    public static IReadOnlyList<EngineKind> Known { get; } = [EngineKind.Interp];

    /// <summary>Whether <paramref name="engine"/> can run here; if not, <paramref name="reason"/> says why, as a sentence.</summary>
    public static bool IsAvailable(EngineKind engine, out string reason)
    {
        reason = Known.Contains(engine) ? "" : engine switch
        {
            EngineKind.Kvm => "engine kvm is not built yet; valid engines here: " + string.Join(", ", Known.Select(k => k.Name())),
            _ => $"engine {engine.Name()} is not known to this build",
        };
        return reason.Length == 0;
    }

    /// <summary>A new vCPU; throws <see cref="ArgumentException"/> for an engine that is not available (check <see cref="IsAvailable"/> first).</summary>
    public IVcpu Create(EngineKind engine, VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsAvailable(engine, out string reason)) throw new ArgumentException(reason, nameof(engine));
        return engine switch
        {
            EngineKind.Interp => new Interpreter.Interpreter(options, memory, io, interrupts),
            _ => throw new ArgumentException(reason, nameof(engine)),
        };
    }
}
