namespace Concord.Engines.Translator;

/// <summary>What an instruction does to the lazily kept flags (see <see cref="FlagEffects"/>).</summary>
internal enum FlagEffect : byte
{
    /// <summary>Neither reads nor writes the arithmetic flags.</summary>
    None,

    /// <summary>Reads flags (Jcc, PUSHF, ...); from an unknown kind it makes FLAGS whole first.</summary>
    Reads,

    /// <summary>Sets the arithmetic flags lazily (<see cref="FlagEffects.Produced"/> says which kind), reading none.</summary>
    Produces,

    /// <summary>Reads CF, then sets the flags lazily (ADC, SBB, INC, DEC).</summary>
    ReadsCarryThenProduces,

    /// <summary>Makes FLAGS whole and changes it (rotates, shifts by CL, CLC/STC/CMC, SAHF).</summary>
    Materializes,
}
