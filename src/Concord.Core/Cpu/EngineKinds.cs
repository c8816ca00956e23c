namespace Concord.Core.Cpu;

/// <summary>Names of <see cref="EngineKind"/> as users write them (machine files, command line).</summary>
public static class EngineKinds
{
    /// <summary>Every engine kind by the name users write.</summary>
    public static IReadOnlyList<(string Name, EngineKind Kind)> All { get; } = [("interp", EngineKind.Interp), ("jit", EngineKind.Jit), ("auto", EngineKind.Auto), ("kvm", EngineKind.Kvm)];

    /// <summary>The spellings accepted by <see cref="TryParse"/>.</summary>
    public static string ValidNames => string.Join(", ", All.Select(e => e.Name));

    public static bool TryParse(string text, out EngineKind kind)
    {
        foreach (var (name, k) in All)
        {
            if (!name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            kind = k;
            return true;
        }
        kind = default;
        return false;
    }

    public static string Name(this EngineKind kind) => All.First(e => e.Kind == kind).Name;
}
