using Concord.Core.Cpu;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// test386.asm as the 80386 model's conformance test, run as the ROM with its undefined-behaviour
/// tests on (TEST_UNDEF: the 386's undefined flags and quirks, POST E0h): it must end with POST FFh
/// (every test passed), and its EEh series must print exactly the reference. While it does not, the
/// failure names the last POST code reached.
/// </summary>
public abstract class Test386Tests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const long Budget = 200_000_000; // a pass takes about 80 million instructions

    [Fact]
    public void Test386_reaches_post_FF_and_prints_the_EE_reference_line_for_line()
    {
        using var machine = new RomMachine(Engine, Test386Rom.Build(undefinedBehaviour: true), Test386Rom.PostPort, Test386Rom.OutputPort);

        RunResult result = machine.Run(Budget);

        AssertPassed(machine, result);
        string[] expected = Test386Rom.ReferenceLines();
        string[] actual = machine.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        var problems = new List<string>();
        for (int i = 0; i < Math.Max(expected.Length, actual.Length) && problems.Count < 10; i++)
        {
            string e = i < expected.Length ? expected[i] : "(none)";
            string a = i < actual.Length ? actual[i] : "(none)";
            if (e != a) problems.Add($"line {i + 1}:\n  expected {e}\n  actual   {a}");
        }
        Assert.True(problems.Count == 0,
            $"the EEh output differs from the reference ({actual.Length} lines against {expected.Length}):\n" + string.Join("\n", problems));
    }

    /// <summary>The 128 KiB build adds the task-switch tests (POST 22h: 286 and 386 TSSs, task gates, nested tasks).</summary>
    [Fact]
    public void Test386_with_the_128K_ROM_reaches_post_FF()
    {
        using var machine = new RomMachine(Engine, Test386Rom.Build(undefinedBehaviour: true, rom128: true), Test386Rom.PostPort, Test386Rom.OutputPort);

        RunResult result = machine.Run(Budget);

        AssertPassed(machine, result);
        Assert.Contains((byte)0x22, machine.PostCodes);
    }

    private static void AssertPassed(RomMachine machine, RunResult result)
    {
        CpuState s = machine.Cpu.GetState();
        Assert.True(machine.LastPost == 0xFF,
            $"test386 stopped at POST {machine.LastPost:X2}h (codes {string.Join(" ", machine.PostCodes.Select(c => c.ToString("X2")))}): " +
            $"{result.Reason} after {result.Executed} instructions at {s.CS:X4}:{s.EIP:X8} ({machine.Cpu.LastExit}); {s}");
        Assert.Equal(ExitReason.Halted, result.Reason);
    }
}

public sealed class Test386TestsOnInterp() : Test386Tests(EngineKind.Interp);

/// <summary>On the translating engine (skipped: the jit does not translate the 80386).</summary>
public sealed class Test386TestsOnJit() : Test386Tests(EngineKind.Jit);
