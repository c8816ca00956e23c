namespace Concord.Engines.Interpreter.I386;

/// <summary>How <see cref="Decoder386.Decode"/> ended.</summary>
internal enum DecodeResult
{
    Ok,

    /// <summary>Fetching a byte faulted; the fault is pending in the source.</summary>
    FetchFaulted,

    /// <summary>Not an 80386 instruction: #UD.</summary>
    Invalid,

    /// <summary>More than 15 bytes: #GP(0).</summary>
    TooLong,
}
