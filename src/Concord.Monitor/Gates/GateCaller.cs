using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// Who a VM is running for (attribution): while a VM runs the handler of a gate call, the VM that
/// made the call and the CS:IP of its INT; otherwise <see cref="None"/>.
/// </summary>
public readonly record struct GateCaller(VmId Vm, CsIp At)
{
    public static GateCaller None => new(VmId.None, CsIp.Unknown);

    public bool IsNone => Vm.IsNone;

    public override string ToString() => IsNone ? "-" : $"vm {Vm} at {At}";
}
