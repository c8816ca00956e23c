namespace Concord.Engines.Tests.I386.Differential;

/// <summary>The mode the harness ROM runs its cases in (its mode byte).</summary>
public enum HarnessMode : byte
{
    Real = 0,
    Protected = 1,
    Virtual8086 = 2,
}
