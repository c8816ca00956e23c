using System.Text;
using Concord.Core.Cpu;
using Concord.Monitor.Pc;
using Concord.Monitor.Profiles;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tests;

/// <summary>One PC run for a test: images in a temporary folder, the debug console captured.</summary>
internal sealed class TestPc : IDisposable
{
    private readonly MemoryStream _console = new();

    public TestPc(byte[]? floppyA, byte[]? floppyB = null, CpuModel model = CpuModel.I80286,
        Func<PcMachineOptions, PcMachineOptions>? configure = null)
    {
        if (floppyA is not null) PathA = Files.Write("a.img", floppyA);
        if (floppyB is not null) PathB = Files.Write("b.img", floppyB);
        var options = new PcMachineOptions
        {
            Model = model,
            FloppyA = PathA,
            FloppyB = PathB,
            DebugConsole = _console,
        };
        Machine = new PcMachine(configure?.Invoke(options) ?? options);
    }

    public TempFiles Files { get; } = new();
    public string? PathA { get; }
    public string? PathB { get; }
    public PcMachine Machine { get; }

    /// <summary>What the guest wrote to port E9h, as Latin-1 text.</summary>
    public string Console => Encoding.Latin1.GetString(_console.ToArray());

    /// <summary>The debug console output after the BIOS's banner and boot messages: what the boot sector printed.</summary>
    public string GuestOutput
    {
        get
        {
            string all = Console;
            int marker = all.IndexOf(BootMarker, StringComparison.Ordinal);
            return marker < 0 ? all : all[(marker + BootMarker.Length)..];
        }
    }

    /// <summary>Test boot sectors print this first, so that <see cref="GuestOutput"/> can skip what the BIOS printed.</summary>
    public const string BootMarker = "<boot>";

    public PcOutcome Run(params AutomationStep[] steps) =>
        Machine.Run(new PcRunOptions { Steps = steps, Timeout = TimeSpan.FromSeconds(60) }, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        Machine.Dispose();
        Files.Dispose();
    }
}
