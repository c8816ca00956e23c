using Concord.Core.Cpu;

namespace Concord.Monitor.Bare;

/// <summary>Settings of a <see cref="BootSectorMachine"/>.</summary>
public sealed record BootSectorMachineOptions
{
    /// <summary>The processor the interpreter behaves as.</summary>
    public CpuModel Model { get; init; } = CpuModel.I8086;

    /// <summary>Host time after which the run ends with <see cref="MachineStop.Timeout"/>; null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Instructions per <see cref="IVcpu.Run"/> slice. Between slices the machine flushes the console
    /// and checks the timeout and cancellation, so this bounds how late either is noticed.
    /// </summary>
    public long SliceBudget { get; init; } = 1_000_000;

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (Timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), t, "the timeout must be positive (or null for none)");
        if (SliceBudget <= 0)
            throw new ArgumentOutOfRangeException(nameof(SliceBudget), SliceBudget, "the slice budget must be at least one instruction");
        if (!Enum.IsDefined(Model))
            throw new ArgumentOutOfRangeException(nameof(Model), Model, $"the CPU model must be one of {CpuModels.ValidNames}");
    }
}
