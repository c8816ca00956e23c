namespace Concord.Engines.Interpreter;

/// <summary>
/// Compile-time CPU model: the interpreter core is generic over it, so every
/// <c>if (TModel.Is286)</c> folds to nothing in the 8086 code and vice versa. <see cref="Embedded"/>
/// likewise: the interpreter inside the translator looks for compiled code before each instruction,
/// the interpreter engine does not pay for the look.
/// </summary>
internal interface ICpuModelTraits
{
    static abstract bool Is286 { get; }

    /// <summary>Runs inside the translator: stops before an instruction where compiled code has an entry.</summary>
    static abstract bool Embedded { get; }
}
