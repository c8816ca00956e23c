namespace Concord.Monitor.Redirector;

/// <summary>
/// What a redirector needs to know of a booted DOS, which the DOS tells when asked at a safe
/// point: its version (INT 21h AH=30h), its List of Lists (AH=52h, ES:BX) and its swappable data
/// area (AX=5D06h, DS:SI), the last two as linear addresses.
/// </summary>
public sealed record DosFacts(int Major, int Minor, uint ListOfLists, uint SwappableDataArea)
{
    public override string ToString() => $"DOS {Major}.{Minor:D2}, List of Lists {ListOfLists:X5}h, SDA {SwappableDataArea:X5}h";
}
