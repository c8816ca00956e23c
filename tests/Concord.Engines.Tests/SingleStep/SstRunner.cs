using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>
/// Runs the vectors of one file on a fresh vCPU of the engine each, over one memory map reused for the
/// whole file (only the bytes a vector wrote are cleared afterwards), and describes every mismatch.
/// </summary>
internal sealed class SstRunner : IDisposable
{
    /// <summary>Enough for the longest 286 vector: a REP with CX below 128, then HLT, or a fault and the handler's HLT.</summary>
    private const long Budget286 = 100_000;

    private readonly EngineKind _engine;
    private readonly CpuModel _model;
    private readonly EngineFactory _factory = TestEngines.Factory(perInstruction: true);
    private readonly MemoryBlock _ram;
    private readonly MemoryMap _map;

    public SstRunner(EngineKind engine, CpuModel model)
    {
        _engine = engine;
        _model = model;
        // 8086: 1 MiB, addresses wrap at 20 bits in the CPU. 80286: 1 MiB + 64 KiB, A20 on, no wrap.
        int size = model == CpuModel.I8086 ? 0x100000 : 0x110000;
        _ram = new MemoryBlock(size);
        _map = new MemoryMap();
        _map.MapRam(0, _ram, 0, size);
    }

    /// <summary>Vectors whose instruction ran as compiled code (on the translator).</summary>
    public int TranslatedVectors { get; private set; }
    public TimeSpan CompileTime { get; private set; }
    public long IlBytes { get; private set; }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    /// <summary>Runs one vector; null when it matches, else a readable account of what differs.</summary>
    public string? Run(SstCase test, OpcodeInfo info)
    {
        try
        {
            return RunAndCompare(test, info);
        }
        finally
        {
            foreach (RamByte b in test.InitialRam) _map.Write8(b.Address, 0);
            foreach (RamByte b in test.FinalRam) _map.Write8(b.Address, 0);
        }
    }

    private string? RunAndCompare(SstCase test, OpcodeInfo info)
    {
        foreach (RamByte b in test.InitialRam) _map.Write8(b.Address, b.Value);

        bool is286 = _model == CpuModel.I80286;
        ushort initialFlags = test.Initial[(int)SstRegister.Flags];
        if (is286) initialFlags &= 0x0FFF; // real mode cannot set bits 12-15 (the value was LOADALL's)

        var state = new CpuState
        {
            AX = test.Initial[(int)SstRegister.AX], BX = test.Initial[(int)SstRegister.BX],
            CX = test.Initial[(int)SstRegister.CX], DX = test.Initial[(int)SstRegister.DX],
            SP = test.Initial[(int)SstRegister.SP], BP = test.Initial[(int)SstRegister.BP],
            SI = test.Initial[(int)SstRegister.SI], DI = test.Initial[(int)SstRegister.DI],
            CS = test.Initial[(int)SstRegister.CS], DS = test.Initial[(int)SstRegister.DS],
            ES = test.Initial[(int)SstRegister.ES], SS = test.Initial[(int)SstRegister.SS],
            IP = test.Initial[(int)SstRegister.IP], Flags = initialFlags,
        };
        if (is286)
        {
            state.IdtBase = 0;
            state.IdtLimit = 0x3FF;
            state.Msw = 0xFFF0;
        }

        var problems = new List<string>();
        CpuState after;
        try
        {
            IVcpu cpu = _factory.Create(_engine, new VcpuOptions { Model = _model }, _map, OpenBus.Instance, OpenBus.Instance);
            cpu.SetState(state);
            if (is286)
            {
                cpu.ExitOnHalt = true;
                RunResult result = cpu.Run(Budget286);
                if (result.Reason != ExitReason.Halted)
                    problems.Add($"Run({Budget286}) ended with {result.Reason} after {result.Executed} instructions " +
                                 $"({cpu.LastExit}), not Halted at the HLT after the instruction");
            }
            else
            {
                RunResult result = cpu.Step();
                if (result.Reason is ExitReason.InvalidOpcode or ExitReason.Shutdown)
                    problems.Add($"Step() ended with {result.Reason} ({cpu.LastExit})");
            }
            after = cpu.GetState();
            if (cpu is Concord.Engines.Translator.Translator translator)
            {
                TranslatedVectors += translator.Statistics.TranslatedInstructions > 0 ? 1 : 0;
                CompileTime += translator.Statistics.CompileTime;
                IlBytes += translator.Statistics.IlBytesCompiled;
                if (translator.Statistics.CompileFailures > 0) problems.Add("the translator failed to compile: " + translator.Statistics.FirstFailure);
                translator.Dispose();
            }
        }
        catch (Exception e)
        {
            string where = e.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
            return $"  the interpreter threw {e.GetType().Name}: {e.Message} {where}";
        }

        CompareRegisters(test, info.FlagsMask, after, initialFlags, problems);
        CompareRam(test, info.FlagsMask, problems);
        return problems.Count == 0 ? null : "  " + string.Join("\n  ", problems);
    }

    private void CompareRegisters(SstCase test, ushort flagsMask, in CpuState after, ushort initialFlags, List<string> problems)
    {
        for (int r = 0; r < SstCase.RegisterCount; r++)
        {
            var register = (SstRegister)r;
            ushort expected = test.Final[r] ?? (register == SstRegister.Flags ? initialFlags : test.Initial[r]);
            ushort actual = Get(after, register);
            string changed = test.Final[r] is null ? " (unchanged)" : "";
            if (register == SstRegister.Flags)
            {
                if ((expected & flagsMask) != (actual & flagsMask))
                    problems.Add($"FLAGS expected {expected:X4} {SstReport.FlagLetters(expected)}{changed}, actual {actual:X4} " +
                                 $"{SstReport.FlagLetters(actual)}; {SstReport.FlagDifference(expected, actual, flagsMask)}");
            }
            else if (expected != actual)
            {
                problems.Add($"{register} expected {expected:X4}{changed}, actual {actual:X4}");
            }
        }
    }

    private void CompareRam(SstCase test, ushort flagsMask, List<string> problems)
    {
        // The FLAGS image an interrupt pushed may hold undefined flags too: mask it like FLAGS.
        uint? flagsLow = null, flagsHigh = null;
        if (test.ExceptionFlagAddress is uint address)
        {
            flagsLow = address;
            flagsHigh = address + 1;
        }
        else if (_model == CpuModel.I8086 && test.FinalOrInitial(SstRegister.CS) == 0 && test.FinalOrInitial(SstRegister.IP) == 0x400)
        {
            // A divide error went through vector 0 (0000:0400): FLAGS sits above the pushed IP and CS.
            uint ss = test.FinalOrInitial(SstRegister.SS);
            ushort sp = test.FinalOrInitial(SstRegister.SP);
            flagsLow = (ss * 16 + (ushort)(sp + 4)) & 0xFFFFF;
            flagsHigh = (ss * 16 + (ushort)(sp + 5)) & 0xFFFFF;
        }

        foreach (RamByte b in test.FinalRam)
        {
            byte actual = _map.Read8(b.Address);
            byte mask = b.Address == flagsLow ? (byte)flagsMask : b.Address == flagsHigh ? (byte)(flagsMask >> 8) : (byte)0xFF;
            if ((actual & mask) != (b.Value & mask))
                problems.Add($"RAM {b.Address:X5} expected {b.Value:X2}, actual {actual:X2}" +
                             (mask != 0xFF ? $" (pushed FLAGS byte, compared under mask {mask:X2})" : ""));
        }
    }

    private static ushort Get(in CpuState s, SstRegister r) => r switch
    {
        SstRegister.AX => s.AX, SstRegister.BX => s.BX, SstRegister.CX => s.CX, SstRegister.DX => s.DX,
        SstRegister.SP => s.SP, SstRegister.BP => s.BP, SstRegister.SI => s.SI, SstRegister.DI => s.DI,
        SstRegister.CS => s.CS, SstRegister.DS => s.DS, SstRegister.ES => s.ES, SstRegister.SS => s.SS,
        SstRegister.IP => s.IP, SstRegister.Flags => s.Flags,
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, null),
    };
}
