namespace Concord.Devices.Pic;

/// <summary>Operation command word 3 (even port, D4 clear, D3 set): register reads, poll, special mask.</summary>
[Flags]
public enum Ocw3 : byte
{
    /// <summary>RIS: with RR, read the ISR instead of the IRR.</summary>
    ReadIsr = 0x01,
    /// <summary>RR: act on RIS.</summary>
    ReadRegister = 0x02,
    /// <summary>P: poll command (the next read returns the poll word and acknowledges).</summary>
    Poll = 0x04,
    /// <summary>D3: marks the byte as OCW3.</summary>
    Select = 0x08,
    /// <summary>SMM: with ESMM, set (1) or reset (0) special mask mode.</summary>
    SpecialMask = 0x20,
    /// <summary>ESMM: act on SMM.</summary>
    EnableSpecialMask = 0x40,
}
