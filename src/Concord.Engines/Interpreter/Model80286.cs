namespace Concord.Engines.Interpreter;

/// <summary>The 80286, on the interpreter engine.</summary>
internal readonly struct Model80286 : ICpuModelTraits
{
    public static bool Is286 => true;

    public static bool Embedded => false;
}
