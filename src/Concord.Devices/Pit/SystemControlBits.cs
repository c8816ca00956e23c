namespace Concord.Devices.Pit;

/// <summary>Bits of system control port B (61h).</summary>
[Flags]
public enum SystemControlBits : byte
{
    Timer2Gate = 0x01,
    SpeakerData = 0x02,
    ParityCheckDisable = 0x04,
    ChannelCheckDisable = 0x08,
    /// <summary>Read only: toggles with each DRAM refresh request.</summary>
    RefreshToggle = 0x10,
    /// <summary>Read only: OUT of PIT counter 2.</summary>
    Timer2Out = 0x20,
    ChannelCheck = 0x40,
    ParityCheck = 0x80,
}
