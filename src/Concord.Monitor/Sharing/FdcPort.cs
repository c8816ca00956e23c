using Concord.Devices.Bus;
using Concord.Devices.Floppy;
using Concord.Monitor.Table;

namespace Concord.Monitor.Sharing;

/// <summary>
/// One VM's floppy controller ports (3F0h-3F5h, 3F7h): every access goes to the <see cref="SharedFdc"/>,
/// attributed to this VM. Made by <see cref="SharedFdc.Connect"/>.
/// </summary>
public sealed class FdcPort : IPortDevice
{
    private readonly SharedFdc _shared;
    private readonly FdcVmState _state;

    internal FdcPort(SharedFdc shared, FdcVmState state)
    {
        _shared = shared;
        _state = state;
    }

    public VmId Vm => _state.Id;

    public byte Read(ushort port) => _shared.Read(_state, port);

    public void Write(ushort port, byte value) => _shared.Write(_state, port, value);

    /// <summary>Maps this port device on the VM's bus at the controller's ports (base+0..5 and base+7).</summary>
    public void MapOn(PortBus bus)
    {
        ushort basePort = _shared.Controller.BasePort;
        bus.Map(basePort, 6, this);
        bus.Map((ushort)(basePort + Fdc82077.DirCcrOffset), 1, this);
    }
}
