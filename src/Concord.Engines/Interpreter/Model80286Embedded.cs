namespace Concord.Engines.Interpreter;

/// <summary>The 80286 inside the translator.</summary>
internal readonly struct Model80286Embedded : ICpuModelTraits
{
    public static bool Is286 => true;

    public static bool Embedded => true;
}
