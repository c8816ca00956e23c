using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.Pc98;

/// <summary>A one-VM PC-98 (<c>run --floppy A [--floppy-b B] --profile pc98</c>) on copies of the images, run through steps.</summary>
internal sealed class Pc98Run : IDisposable
{
    private readonly TempFiles _temp = new();

    private readonly MemoryStream _console = new();

    /// <param name="readOnlyB">Drive B:'s diskette is write-protected (its image opened read-only).</param>
    /// <param name="start">The machine's clock at power-on (the calendar and the year in memory switch 8).</param>
    public Pc98Run(byte[] floppyA, byte[]? floppyB = null, CpuModel cpu = CpuModel.I8086, bool readOnlyB = false, DateTime? start = null)
    {
        ImageA = _temp.Write("a.img", floppyA);
        ImageB = floppyB is null ? null : _temp.Write("b.img", floppyB);
        MachineSpec spec = MachineSpec.ForDiskettes(ImageA, ImageB, PlatformProfile.Pc98, cpu, ClockKind.Virtual);
        if (readOnlyB) spec = spec with { Drives = spec.Drives.SetItem(1, spec.Drives[1] with { ReadOnly = true }) };
        Machine = new Machine(spec, new MachineOptions { DebugConsole = _ => _console, StartTime = start });
    }

    /// <summary>What the guest wrote to port E9h.</summary>
    public string Console => System.Text.Encoding.Latin1.GetString(_console.ToArray());

    public string ImageA { get; }
    public string? ImageB { get; }
    public Machine Machine { get; }
    public MachineVm Vm => Machine.Vms[0];
    public string Screen => Vm.Screen().ToText();

    /// <summary>Runs the steps (expect/send, alternately as given) within the machine-time limit.</summary>
    public MachineOutcome Run(params AutomationStep[] steps) => Machine.Run(new MachineRunOptions
    {
        Steps = [.. steps.Select(s => new MachineStep(Vm.Name, s))],
        Timeout = TimeSpan.FromSeconds(120),
    }, TestContext.Current.CancellationToken);

    public static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    public static AutomationStep Send(string keys) => new AutomationStep.Send(keys);

    public void Dispose()
    {
        Machine.Dispose();
        _temp.Dispose();
    }
}
