namespace Concord.Monitor.Table;

/// <summary>
/// Tells a shared device which instruction made the access it is handling (the patent's [0029]:
/// the address of the program that executed the I/O instruction). The monitor implements it over
/// the VM's vCPU; without one, accesses are traced with <see cref="CsIp.Unknown"/>.
/// </summary>
public interface ICallerLocation
{
    CsIp Current { get; }
}
