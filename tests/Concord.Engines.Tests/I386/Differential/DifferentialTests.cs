using Concord.Core.Cpu;
using CsCheck;

namespace Concord.Engines.Tests.I386.Differential;

/// <summary>
/// The 80386 model against QEMU's TCG: batches of random cases (a random state and a random
/// sequence of the 386's integer instructions, see <see cref="CaseBuilder"/>) run by the harness
/// ROM in real mode, in protected mode (16- and 32-bit code) and in virtual-8086 mode, in both;
/// every register, the defined flags, the data and the stack must agree, and so must any
/// exception (#DE) a case raises. Skipped where QEMU (qemu-system-x86) or NASM is missing. One
/// batch per mode in <c>dotnet test</c>; set <c>CONCORD_DIFF_BATCHES</c> for a longer run. A
/// failure prints CsCheck's seed, which replays the same cases.
/// </summary>
public abstract class DifferentialTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const int CasesPerBatch = 150;

    private static long Batches =>
        long.TryParse(Environment.GetEnvironmentVariable("CONCORD_DIFF_BATCHES"), out long n) && n > 0 ? n : 1;

    [Theory]
    [InlineData(HarnessMode.Real)]
    [InlineData(HarnessMode.Protected)]
    [InlineData(HarnessMode.Virtual8086)]
    public void Random_instruction_sequences_end_as_they_do_in_QEMU(HarnessMode mode)
    {
        TestEngines.SkipUnlessTranslated(Engine, CpuModel.I80386);
        string qemu = QemuRunner.Require();
        Gen<uint[][]> batches = Gen.UInt.Array[4, 40].Array[CasesPerBatch];
        batches.Sample(entropies =>
        {
            DiffCase[] cases = entropies
                .Select(e => CaseBuilder.Build(e, code32: mode == HarnessMode.Protected && e.Length % 2 == 1))
                .ToArray();
            byte[] rom = HarnessRom.Build(mode, cases);
            CaseDump[] expected = CaseDump.Parse(QemuRunner.Run(qemu, rom));
            CaseDump[] actual = CaseDump.Parse(RunHere(rom));
            Compare(mode, cases, expected, actual);
        }, iter: Batches, threads: 1, print: _ => $"{CasesPerBatch} cases (the failure lists them)");
    }

    private byte[] RunHere(byte[] rom)
    {
        using var machine = new RomMachine(Engine, rom, postPort: 0x190, outputPort: 0xE9, exitPort: 0xF4);
        RunResult result = machine.Run(50_000_000);
        if (result.Reason != ExitReason.StopRequested)
            Assert.Fail($"the harness did not end through its exit port here: {result.Reason} ({machine.Cpu.LastExit}); {machine.Cpu.GetState()}");
        return [.. machine.OutputBytes];
    }

    private static void Compare(HarnessMode mode, DiffCase[] cases, CaseDump[] expected, CaseDump[] actual)
    {
        Assert.True(expected.Length == cases.Length, $"QEMU wrote {expected.Length} of {cases.Length} dumps");
        var report = new List<string>();
        int failing = 0;
        for (int i = 0; i < cases.Length; i++)
        {
            if (i >= actual.Length)
            {
                report.Add($"case {i}: Concord wrote no dump (only {actual.Length})");
                failing++;
                break;
            }
            DiffCase c = cases[i];
            uint undefined = expected[i].Vector == CaseDump.NoException ? c.UndefinedFlags : c.EverUndefinedFlags;
            uint mask = 0x0CD5u & ~undefined;
            // The interrupt that ended the case pushed FLAGS (real mode: 16 bits at SP+4) or EFLAGS
            // (protected mode: a 32-bit gate, at ESP+8) on the case's stack; from V86 mode it went on the ring-0 stack.
            (int below, int size) = mode switch
            {
                HarnessMode.Real => (2, 2),
                HarnessMode.Protected => (4, 4),
                _ => (0, 0),
            };
            List<string> differences = actual[i].Differences(expected[i], mask, below, size);
            if (differences.Count == 0) continue;
            if (++failing <= 5) report.Add($"case {i} ({mode}): {c}\n  Concord against QEMU: {string.Join("; ", differences)}");
        }
        Assert.True(failing == 0, $"{failing} of {cases.Length} cases differ from QEMU:\n" + string.Join("\n", report));
    }
}

public sealed class DifferentialTestsOnInterp() : DifferentialTests(EngineKind.Interp);

/// <summary>On the translating engine (skipped: the jit does not translate the 80386).</summary>
public sealed class DifferentialTestsOnJit() : DifferentialTests(EngineKind.Jit);
