using System.Security.Cryptography;
using Concord.Core.Cpu;
using Concord.Engines.Translator;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// A whole system gives the same run on the interpreter and on the translator: a real FreeDOS session
/// ends with the same screen, instruction count and machine time, and the same trace (every change
/// of the management table and every port write, with its machine time and CS:IP) byte for byte.
/// The translator runs with its defaults: regions compiled in the background and swapped in
/// whenever they are ready, so exactness cannot depend on when that happens.
/// </summary>
public sealed class EngineEquivalenceTests
{
    private static readonly AutomationStep[] Session =
    [
        new AutomationStep.Expect("A:\\>"),
        new AutomationStep.Send("dir\r"),
        new AutomationStep.Expect("bytes free"),
        new AutomationStep.Send("type fdconfig.sys\r"),
        new AutomationStep.Expect("\nA:\\>"),
        new AutomationStep.Send("dir /w\r"),
        new AutomationStep.Expect("bytes free"),
        new AutomationStep.Send("echo done\r"),
        new AutomationStep.Expect("\ndone"),
    ];

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_freedos_session_is_the_same_on_the_interpreter_and_the_translator(CpuModel model)
    {
        Run interp = Session_(EngineKind.Interp, model);
        Run jit = Session_(EngineKind.Jit, model);

        Assert.True(interp.Outcome.Stop == StopReason.StepsCompleted, interp.Outcome.Describe() + "\n" + interp.Screen);
        Assert.True(jit.Outcome.Stop == StopReason.StepsCompleted, jit.Outcome.Describe() + "\n" + jit.Screen);
        Assert.Equal(interp.Screen, jit.Screen);
        Assert.Equal(interp.Outcome.Instructions, jit.Outcome.Instructions);
        Assert.Equal(interp.Outcome.VirtualTimeNs, jit.Outcome.VirtualTimeNs);
        Assert.Equal(interp.TraceEvents, jit.TraceEvents);
        Assert.Equal(interp.TraceSha256, jit.TraceSha256);
        TranslatorStatistics stats = jit.Statistics!;
        Assert.True(stats.CompileFailures == 0, stats.FirstFailure);
        Assert.True(stats.TranslatedInstructions > 0, $"nothing ran translated: {stats}");
    }

    private sealed record Run(MachineOutcome Outcome, string Screen, long TraceEvents, string TraceSha256, TranslatorStatistics? Statistics);

    private static Run Session_(EngineKind engine, CpuModel model)
    {
        using var temp = new TempFiles();
        string image = temp.Write("floppy.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        var trace = new MemoryStream();
        var writer = new JsonLinesTraceWriter(trace, leaveOpen: true);
        MachineSpec spec = MachineSpec.ForDiskettes(image, null, PlatformProfile.At, model, ClockKind.Virtual, engine);
        MachineOutcome outcome;
        string screen;
        TranslatorStatistics? statistics;
        using (var machine = new Machine(spec, new MachineOptions { Trace = writer, TracePortWrites = true }))
        {
            outcome = machine.Run(new MachineRunOptions
            {
                Steps = [.. Session.Select(s => new MachineStep(MachineSpec.SoloVmName, s))],
                Timeout = TimeSpan.FromSeconds(300),
            }, TestContext.Current.CancellationToken);
            screen = machine.Vms[0].Screen().ToText();
            statistics = (machine.Vms[0].Cpu as Translator)?.Statistics;
        }
        writer.Flush();
        return new Run(outcome, screen, writer.Count, Convert.ToHexString(SHA256.HashData(trace.ToArray())), statistics);
    }
}
