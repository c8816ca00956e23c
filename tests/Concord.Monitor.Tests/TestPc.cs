using System.Text;
using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Concord.Monitor.Tracing;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tests;

/// <summary>
/// One PC run for a test, as <c>concord run --floppy</c> makes it: a <see cref="Machine"/> of one VM
/// (<see cref="MachineSpec.ForDiskettes"/>), the images in a temporary folder, the debug console captured.
/// </summary>
internal sealed class TestPc : IDisposable
{
    private readonly MemoryStream _console = new();

    public TestPc(byte[]? floppyA, byte[]? floppyB = null, CpuModel model = CpuModel.I80286, ClockKind clock = ClockKind.Virtual,
        bool tracePortWrites = false)
    {
        if (floppyA is not null) PathA = Files.Write("a.img", floppyA);
        if (floppyB is not null) PathB = Files.Write("b.img", floppyB);
        Machine = new Machine(MachineSpec.ForDiskettes(PathA, PathB, PlatformProfile.At, model, clock), new MachineOptions
        {
            DebugConsole = _ => _console,
            Trace = Trace,
            TracePortWrites = tracePortWrites,
        });
    }

    public TempFiles Files { get; } = new();

    /// <summary>The machine's trace: table changes, and port writes when asked.</summary>
    public TraceRecorder Trace { get; } = new();
    public string? PathA { get; }
    public string? PathB { get; }
    public Machine Machine { get; }

    /// <summary>The one VM.</summary>
    public MachineVm Vm => Machine.Vms[0];

    /// <summary>Its memory, vCPU and devices.</summary>
    public VmHardware Hardware => Vm.Hardware;

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

    public MachineOutcome Run(params AutomationStep[] steps) => Run(new MachineRunOptions
    {
        Steps = steps.Select(s => new MachineStep(MachineSpec.SoloVmName, s)).ToArray(),
        Timeout = TimeSpan.FromSeconds(60),
    });

    public MachineOutcome Run(MachineRunOptions run) => Machine.Run(run, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        Machine.Dispose();
        Files.Dispose();
    }
}
