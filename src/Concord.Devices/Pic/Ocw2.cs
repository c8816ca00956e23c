namespace Concord.Devices.Pic;

/// <summary>Operation command word 2 (even port, D4 and D3 clear): end of interrupt and rotation.</summary>
[Flags]
public enum Ocw2 : byte
{
    /// <summary>L2-L0: the level a specific command acts on.</summary>
    LevelMask = 0x07,
    /// <summary>EOI.</summary>
    Eoi = 0x20,
    /// <summary>SL: the command names a specific level.</summary>
    Specific = 0x40,
    /// <summary>R: rotate priorities.</summary>
    Rotate = 0x80,

    NonSpecificEoi = Eoi,
    SpecificEoi = Specific | Eoi,
    RotateOnNonSpecificEoi = Rotate | Eoi,
    SetRotateInAutoEoi = Rotate,
    ClearRotateInAutoEoi = 0,
    RotateOnSpecificEoi = Rotate | Specific | Eoi,
    SetPriority = Rotate | Specific,
    NoOperation = Specific,
}
