namespace Concord.Devices.Floppy;

/// <summary>The option bits of the first command byte.</summary>
[Flags]
public enum FdcCommandFlags : byte
{
    CommandMask = 0x1F,
    /// <summary>SK: skip sectors with a deleted data address mark.</summary>
    Skip = 0x20,
    /// <summary>MFM: double density (the only density images hold).</summary>
    Mfm = 0x40,
    /// <summary>MT: multi-track (continue on head 1 after EOT of head 0). On SEEK: relative seek; on LOCK: the lock bit.</summary>
    MultiTrack = 0x80,
}
