using System.Text;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// A bare 80386 board for ROM programs such as test386: a 4 GiB address space with RAM below the
/// ROM, the ROM at the top of the first megabyte and aliased below 4 GiB (where the 386 fetches its
/// first instruction), a POST port that records every code written, an output port whose bytes
/// become text, and, if asked, an exit port that stops the CPU.
/// </summary>
internal sealed class RomMachine : IDisposable, IPortBus
{
    private readonly MemoryBlock _ram;
    private readonly MemoryBlock _rom;
    private readonly StringBuilder _output = new();
    private readonly ushort _postPort;
    private readonly ushort _outputPort;
    private readonly ushort? _exitPort;

    public RomMachine(EngineKind engine, byte[] rom, ushort postPort, ushort outputPort, ushort? exitPort = null)
    {
        _exitPort = exitPort;
        if (rom.Length % MemoryMap.PageSize != 0 || rom.Length > 0x20000)
            throw new ArgumentException($"a ROM of {rom.Length} bytes: whole pages up to 128 KiB", nameof(rom));
        _postPort = postPort;
        _outputPort = outputPort;
        uint romBase = 0x100000u - (uint)rom.Length;
        Map = new MemoryMap(addressBits: 32);
        _ram = new MemoryBlock((int)romBase);
        Map.MapRam(0, _ram, 0, (int)romBase);
        _rom = new MemoryBlock(rom.Length);
        rom.CopyTo(_rom.Span);
        Map.MapRom(romBase, _rom, 0, rom.Length);
        Map.MapRom(0u - (uint)rom.Length, _rom, 0, rom.Length);
        TestEngines.SkipUnlessTranslated(engine, CpuModel.I80386);
        Cpu = TestEngines.Factory().Create(engine, new VcpuOptions { Model = CpuModel.I80386 }, Map, this, OpenBus.Instance);
    }

    public MemoryMap Map { get; }
    public IVcpu Cpu { get; }

    /// <summary>Every code written to the POST port, in order.</summary>
    public List<byte> PostCodes { get; } = [];

    public int LastPost => PostCodes.Count == 0 ? -1 : PostCodes[^1];

    public string Output => _output.ToString();

    /// <summary>The bytes written to the output port, as they came.</summary>
    public List<byte> OutputBytes { get; } = [];

    /// <summary>Runs until the CPU halts or <paramref name="budget"/> instructions have run.</summary>
    public RunResult Run(long budget)
    {
        long executed = 0;
        RunResult result;
        do
        {
            result = Cpu.Run(Math.Min(budget - executed, 10_000_000));
            executed += result.Executed;
        }
        while (result.Reason == ExitReason.BudgetSpent && executed < budget);
        return result with { Executed = executed };
    }

    public byte In8(ushort port) => 0xFF;
    public ushort In16(ushort port) => 0xFFFF;

    public void Out8(ushort port, byte value)
    {
        if (port == _postPort) PostCodes.Add(value);
        else if (port == _outputPort)
        {
            _output.Append((char)value);
            OutputBytes.Add(value);
        }
        else if (port == _exitPort) Cpu.RequestStop();
    }

    public void Out16(ushort port, ushort value)
    {
        Out8(port, (byte)value);
        Out8((ushort)(port + 1), (byte)(value >> 8));
    }

    public void Dispose()
    {
        Map.Dispose();
        _ram.Dispose();
        _rom.Dispose();
    }
}
