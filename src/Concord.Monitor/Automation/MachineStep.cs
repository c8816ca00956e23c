namespace Concord.Monitor.Automation;

/// <summary>An automation step for one VM of a machine (<c>--expect dos:A:\&gt;</c>): steps run in the order given.</summary>
public sealed record MachineStep(string Vm, AutomationStep Step)
{
    public override string ToString() => $"{Vm}: {Step}";
}
