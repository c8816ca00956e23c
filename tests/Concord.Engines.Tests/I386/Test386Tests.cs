using Concord.Core.Cpu;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// test386.asm as the 80386 model's conformance test: run as the ROM, it must end with POST FFh
/// (every test passed) and its EEh series must print exactly the reference. While it does not,
/// the failure names the last POST code reached.
/// </summary>
public sealed class Test386Tests
{
    private const long Budget = 400_000_000;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Test386_reaches_post_FF(bool undefinedBehaviour, bool rom128)
    {
        byte[] rom = Test386Rom.Build(undefinedBehaviour, rom128);
        using var machine = new RomMachine(rom, Test386Rom.PostPort, Test386Rom.OutputPort);

        RunResult result = machine.Run(Budget);

        CpuState s = machine.Cpu.GetState();
        Assert.True(machine.LastPost == 0xFF,
            $"test386 stopped at POST {machine.LastPost:X2}h (codes {string.Join(" ", machine.PostCodes.Select(c => c.ToString("X2")))}): " +
            $"{result.Reason} after {result.Executed} instructions at {s.CS:X4}:{s.EIP:X8} ({machine.Cpu.LastExit}); {s}");
        Assert.Equal(ExitReason.Halted, result.Reason);
    }

    [Fact]
    public void Test386_EE_series_prints_the_reference_line_for_line()
    {
        byte[] rom = Test386Rom.Build(undefinedBehaviour: false);
        using var machine = new RomMachine(rom, Test386Rom.PostPort, Test386Rom.OutputPort);
        machine.Run(Budget);
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
            $"the EEh output differs from the reference ({actual.Length} lines against {expected.Length}; last POST {machine.LastPost:X2}h):\n" +
            string.Join("\n", problems));
    }
}
