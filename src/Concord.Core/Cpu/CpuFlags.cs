namespace Concord.Core.Cpu;

/// <summary>The FLAGS register bits (Intel names).</summary>
[Flags]
public enum CpuFlags : ushort
{
    None = 0,
    CF = 1 << 0,
    Reserved1 = 1 << 1,
    PF = 1 << 2,
    AF = 1 << 4,
    ZF = 1 << 6,
    SF = 1 << 7,
    TF = 1 << 8,
    IF = 1 << 9,
    DF = 1 << 10,
    OF = 1 << 11,
}
