namespace Concord.Engines.Interpreter.I386;

/// <summary>Where <see cref="Decoder386"/> reads an instruction's bytes from.</summary>
internal interface IInstructionBytes
{
    /// <summary>The next byte; false when fetching it faulted (the source has raised the fault).</summary>
    bool Next(out byte value);

    /// <summary>The next 1, 2 or 4 bytes as a little-endian value; false when fetching faulted.</summary>
    bool Read(int size, out uint value);
}
