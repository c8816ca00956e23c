namespace Concord.Engines.Interpreter;

/// <summary>The 8086, on the interpreter engine.</summary>
internal readonly struct Model8086 : ICpuModelTraits
{
    public static bool Is286 => false;

    public static bool Embedded => false;
}
