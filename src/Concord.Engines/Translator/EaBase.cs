namespace Concord.Engines.Translator;

/// <summary>The registers a 16-bit ModR/M memory operand adds up (the r/m field), or a direct address.</summary>
internal enum EaBase : byte
{
    BxSi, BxDi, BpSi, BpDi, Si, Di, Bp, Bx, Direct,
}
