using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Concord.Engines.Translator;

namespace Concord.Engines;

/// <summary>
/// Makes a vCPU of the engine a VM's spec names, for its CPU model, over the VM's memory map and
/// port bus. The monitor builds every vCPU here and sees only <see cref="IVcpu"/>; a new engine is
/// added here and nowhere in the monitor. One factory per machine: an engine that needs resources
/// shared by a machine's vCPUs keeps them in the factory (the translator's compile queue).
/// </summary>
public sealed class EngineFactory(TranslatorOptions? translator = null)
{
    private readonly TranslatorOptions _translator = translator ?? TranslatorOptions.Default;
    private CompileQueue? _compileQueue;

    /// <summary>The engines this build can make, in the order tests run them (<see cref="EngineKind.Auto"/> is a choice between them, not one of them).</summary>
    public static IReadOnlyList<EngineKind> Known { get; } = [EngineKind.Interp, EngineKind.Jit];

    /// <summary>Whether <paramref name="engine"/> can run here; if not, <paramref name="reason"/> says why, as a sentence.</summary>
    public static bool IsAvailable(EngineKind engine, out string reason)
    {
        reason = Known.Contains(engine) || engine == EngineKind.Auto ? "" : engine switch
        {
            EngineKind.Kvm => "engine kvm is not built yet; valid engines here: " + string.Join(", ", Known.Append(EngineKind.Auto).Select(k => k.Name())),
            _ => $"engine {engine.Name()} is not known to this build",
        };
        return reason.Length == 0;
    }

    /// <summary>Whether <paramref name="engine"/> runs <paramref name="model"/> code; if not, <paramref name="reason"/> says why and what would do.</summary>
    public static bool Runs(EngineKind engine, CpuModel model, out string reason)
    {
        if (!IsAvailable(engine, out reason)) return false;
        if (engine == EngineKind.Jit && !Translator.Translator.Translates(model))
        {
            reason = $"engine jit translates 8086 and 80286 code only, not {model.Name()}; use engine auto (the interpreter for the {model.Name()}) or interp";
            return false;
        }
        return true;
    }

    /// <summary>The engine <paramref name="engine"/> stands for on <paramref name="model"/>: auto is the jit where it translates the model (the 8086 and 80286), else the interpreter.</summary>
    public static EngineKind Resolve(EngineKind engine, CpuModel model) =>
        engine == EngineKind.Auto ? Translator.Translator.Translates(model) ? EngineKind.Jit : EngineKind.Interp : engine;

    /// <summary>A new vCPU; throws <see cref="ArgumentException"/> for an engine that is not available (check <see cref="IsAvailable"/> first) or a model it does not run.</summary>
    public IVcpu Create(EngineKind engine, VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsAvailable(engine, out string reason)) throw new ArgumentException(reason, nameof(engine));
        return Resolve(engine, options.Model) switch
        {
            EngineKind.Interp => new Interpreter.Interpreter(options, memory, io, interrupts),
            EngineKind.Jit => new Translator.Translator(options, memory, io, interrupts, _translator,
                                                        _translator.Background ? _compileQueue ??= new CompileQueue() : null),
            _ => throw new ArgumentException(reason, nameof(engine)),
        };
    }
}
