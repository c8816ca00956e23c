using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Iced.Intel;

namespace Concord.Engines.Tests.Programs;

/// <summary>
/// A vCPU of the given engine over plain RAM (1 MiB for the 8086, 1 MiB + 64 KiB for the 80286 and the 80386) with a
/// recording port bus: the bench the program tests run on. Layout: code at 1000:0100, data
/// (DS = ES) at 2000:0000, stack at 3000:FFF0, the interrupt table at 0000:0000.
/// </summary>
internal sealed class TestMachine : IDisposable
{
    public const ushort CodeSegment = 0x1000;
    public const ushort CodeOrigin = 0x0100;
    public const ushort DataSegment = 0x2000;
    public const ushort StackSegment = 0x3000;
    public const ushort StackTop = 0xFFF0;

    private readonly MemoryBlock _ram;

    public TestMachine(EngineKind engine, CpuModel model = CpuModel.I8086, InvalidOpcodePolicy invalidOpcode = InvalidOpcodePolicy.Fault,
                       IInterruptAcknowledge? interrupts = null, Concord.Engines.Translator.TranslatorOptions? jit = null)
    {
        TestEngines.SkipUnlessTranslated(engine, model);
        Model = model;
        int size = model == CpuModel.I8086 ? 0x100000 : 0x110000;
        _ram = new MemoryBlock(size);
        Map = new MemoryMap(model == CpuModel.I80386 ? 32 : MemoryMap.AddressBits);
        Map.MapRam(0, _ram, 0, size);
        Ports = new RecordingPortBus();
        Cpu = (jit is null ? TestEngines.Factory() : new EngineFactory(jit)).Create(engine, new VcpuOptions { Model = model, InvalidOpcode = invalidOpcode },
                                         Map, Ports, interrupts ?? OpenBus.Instance);
        Cpu.ExitOnHalt = true;
        Ports.Cpu = Cpu;
    }

    public CpuModel Model { get; }
    public MemoryMap Map { get; }
    public RecordingPortBus Ports { get; }
    public IVcpu Cpu { get; }

    public ushort InitialFlags => Model == CpuModel.I8086 ? (ushort)0xF002 : (ushort)0x0002;

    public static uint Physical(ushort segment, ushort offset) => ((uint)segment << 4) + offset;

    public void Dispose()
    {
        Map.Dispose();
        _ram.Dispose();
        // A region the translator failed to compile runs on the interpreter, which hides the bug: fail on it.
        if (Cpu is Concord.Engines.Translator.Translator { Statistics: { CompileFailures: > 0 } stats })
            Assert.Fail($"the translator failed to compile {stats.CompileFailures} region(s); the first: {stats.FirstFailure}");
    }

    /// <summary>Assembles a program at <paramref name="segment"/>:<paramref name="origin"/> and loads it there.</summary>
    public Assembled Load(Assembler a, ushort segment = CodeSegment, ushort origin = CodeOrigin, bool checkFeatures = true)
    {
        Assembled program = Assembled.Build(a, origin, Model, checkFeatures);
        Map.Load(Physical(segment, origin), program.Bytes);
        return program;
    }

    /// <summary>Points interrupt vector <paramref name="vector"/> at <paramref name="segment"/>:<paramref name="offset"/>.</summary>
    public void SetVector(byte vector, ushort segment, ushort offset)
    {
        Write16(0, (ushort)(vector * 4), offset);
        Write16(0, (ushort)(vector * 4 + 2), segment);
    }

    /// <summary>Sets CS:IP, DS = ES = data, SS:SP = the stack, the other registers 0, FLAGS as after reset plus <paramref name="flags"/>.</summary>
    public void Start(ushort ip = CodeOrigin, ushort cs = CodeSegment, ushort flags = 0)
    {
        CpuState state = CpuState.AfterReset(Model);
        state.CS = cs;
        state.IP = ip;
        state.DS = DataSegment;
        state.ES = DataSegment;
        state.SS = StackSegment;
        state.SP = StackTop;
        state.Flags = (ushort)(InitialFlags | flags);
        Cpu.SetState(state);
    }

    /// <summary>Runs until the program halts; fails (with where the CPU is) on any other exit.</summary>
    public RunResult RunToHalt(long budget = 5_000_000)
    {
        RunResult result = Cpu.Run(budget);
        Assert.True(result.Reason == ExitReason.Halted,
            $"expected the program to reach HLT, but Run({budget}) ended with {result.Reason} after {result.Executed} " +
            $"instructions ({Cpu.LastExit}); state {Cpu.GetState()}");
        return result;
    }

    public CpuState State => Cpu.GetState();

    public byte Read8(ushort segment, ushort offset) => Map.Read8(Physical(segment, offset));
    public ushort Read16(ushort segment, ushort offset) =>
        (ushort)(Read8(segment, offset) | Read8(segment, (ushort)(offset + 1)) << 8);
    public void Write8(ushort segment, ushort offset, byte value) => Map.Write8(Physical(segment, offset), value);
    public void Write16(ushort segment, ushort offset, ushort value)
    {
        Write8(segment, offset, (byte)value);
        Write8(segment, (ushort)(offset + 1), (byte)(value >> 8));
    }

    public void WriteBytes(ushort segment, ushort offset, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++) Write8(segment, (ushort)(offset + i), bytes[i]);
    }

    public byte[] ReadBytes(ushort segment, ushort offset, int count)
    {
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = Read8(segment, (ushort)(offset + i));
        return bytes;
    }

    /// <summary>A word in the data segment (where handlers leave what they saw).</summary>
    public ushort Data16(ushort offset) => Read16(DataSegment, offset);

    /// <summary>A word on the stack segment.</summary>
    public ushort Stack16(ushort offset) => Read16(StackSegment, offset);
}
