namespace Concord.Engines.Interpreter;

/// <summary>
/// Compile-time CPU model: the interpreter core is generic over it, so every
/// <c>if (TModel.Is286)</c> folds to nothing in the 8086 code and vice versa.
/// </summary>
internal interface ICpuModelTraits
{
    static abstract bool Is286 { get; }
}

internal readonly struct Model8086 : ICpuModelTraits
{
    public static bool Is286 => false;
}

internal readonly struct Model80286 : ICpuModelTraits
{
    public static bool Is286 => true;
}
