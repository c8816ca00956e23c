namespace Concord.Monitor.Table;

/// <summary>A column of the management table: one VM, by number and name.</summary>
public sealed record VmColumn(VmId Id, string Name);
