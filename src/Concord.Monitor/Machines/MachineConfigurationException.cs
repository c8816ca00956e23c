namespace Concord.Monitor.Machines;

/// <summary>A machine spec that cannot be built (a profile not built yet, an engine not available), naming the file, the VM and the value.</summary>
public sealed class MachineConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
