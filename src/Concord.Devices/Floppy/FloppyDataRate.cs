namespace Concord.Devices.Floppy;

/// <summary>The data rate, encoded as in the DSR and CCR bits 1-0.</summary>
public enum FloppyDataRate : byte
{
    Kbps500 = 0,
    Kbps300 = 1,
    Kbps250 = 2,
    Mbps1 = 3,
}
