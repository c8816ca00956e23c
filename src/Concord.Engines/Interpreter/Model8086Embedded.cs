namespace Concord.Engines.Interpreter;

/// <summary>The 8086 inside the translator.</summary>
internal readonly struct Model8086Embedded : ICpuModelTraits
{
    public static bool Is286 => false;

    public static bool Embedded => true;
}
