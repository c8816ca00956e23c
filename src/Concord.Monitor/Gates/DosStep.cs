namespace Concord.Monitor.Gates;

/// <summary>
/// The INT 21h calls the monitor makes in a DOS VM, in order: asking it (the probe), and around a
/// gate call, switching to the monitor's process context and back (a well-behaved TSR's pop-up
/// sequence: PSP by AH=51h/50h, DTA by AH=2Fh/1Ah).
/// </summary>
internal enum DosStep
{
    None,

    // the probe, once
    Version,
    InDos,
    ListOfLists,
    SwappableData,

    // around every call
    GetPsp,
    SetPsp,
    GetDta,
    SetDta,
    Main,
    GetGateDta,
    RestoreDta,
    RestorePsp,

    // a host call (HostCall): its own INT 21h calls, between GetDta and RestoreDta
    Host,
}
