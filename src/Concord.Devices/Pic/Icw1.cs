namespace Concord.Devices.Pic;

/// <summary>Initialization command word 1 (written to the even port with D4 set).</summary>
[Flags]
public enum Icw1 : byte
{
    /// <summary>IC4: an ICW4 follows.</summary>
    Ic4 = 0x01,
    /// <summary>SNGL: a single 8259A, so no ICW3.</summary>
    Single = 0x02,
    /// <summary>ADI: call address interval (8080 mode only; ignored).</summary>
    Adi = 0x04,
    /// <summary>LTIM: level-triggered inputs instead of edge-triggered.</summary>
    LevelTriggered = 0x08,
    /// <summary>D4: marks the byte as ICW1 rather than an OCW.</summary>
    Init = 0x10,
}
