using Concord.Devices.Bus;
using Concord.Devices.Power;
using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>
/// One VM's power relay port (EFh): writing 01h asks for power off through the
/// <see cref="SharedPowerRelay"/>; reads give 01h while this VM is on, 00h once it has asked.
/// </summary>
public sealed class PowerPort : IPortDevice
{
    private readonly SharedPowerRelay _shared;
    private readonly ICallerLocation? _caller;

    internal PowerPort(SharedPowerRelay shared, VmId vm, ICallerLocation? caller)
    {
        _shared = shared;
        _caller = caller;
        Vm = vm;
    }

    public VmId Vm { get; }

    public byte Read(ushort port) => _shared.HasAsked(Vm) ? (byte)0x00 : (byte)0x01;

    public void Write(ushort port, byte value)
    {
        if (value == PowerRelay.PowerOffCommand) _shared.Request(Vm, _caller?.Current ?? CsIp.Unknown);
    }

    public void MapOn(PortBus bus) => bus.Map(PowerRelay.Port, 1, this);
}
