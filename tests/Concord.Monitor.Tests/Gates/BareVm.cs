using System.Text;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Concord.Engines.Interpreter;
using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Iced.Intel;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A VM with nothing but RAM from 0 and a vCPU, for gate tests. Ports: E9h prints, F4h stops the
/// vCPU (the runner then takes the VM as powered off), E0h ends the current gate call (the monitor
/// port), E8h records who the VM runs for (<see cref="GateMonitor.CurrentCall"/>).
/// </summary>
/// <remarks>
/// Layout the tests use: the IVT at 0, the busy byte at 00500h, code at 1000:0000 (main program)
/// and 1000:0400 and up (handlers), the stack at 2000:0000 downwards, buffers at 40000h.
/// </remarks>
internal sealed class BareVm : IPortBus, IDisposable
{
    public const ushort CodeSegment = 0x1000;
    public const ushort StackSegment = 0x2000;
    public const int BusyByte = 0x500;
    public const byte PrintPort = 0xE9, ExitPort = 0xF4, MonitorPort = 0xE0, WhoPort = 0xE8;

    private readonly GateRig _rig;

    public BareVm(GateRig rig, string name, int ramKib, CpuModel model)
    {
        _rig = rig;
        Name = name;
        Ram = new MemoryBlock(ramKib * 1024);
        Memory = new MemoryMap();
        Memory.MapRam(0, Ram, 0, Ram.Size);
        Cpu = new Interpreter(new VcpuOptions { Model = model }, Memory, this);
    }

    public string Name { get; }

    public MemoryBlock Ram { get; }

    public MemoryMap Memory { get; }

    public Interpreter Cpu { get; }

    public VmId Id { get; set; }

    public StringBuilder Printed { get; } = new();

    /// <summary>What <see cref="GateMonitor.CurrentCall"/> said at each OUT to <see cref="WhoPort"/>.</summary>
    public List<GateCaller> Who { get; } = [];

    /// <summary>Assembles <paramref name="body"/> at CS:<paramref name="offset"/> of the code segment and loads it.</summary>
    public void Load(ushort offset, Action<Assembler> body) => Load(CodeSegment, offset, body);

    public void Load(ushort segment, ushort offset, Action<Assembler> body)
    {
        var asm = new Assembler(16);
        body(asm);
        using var code = new MemoryStream();
        asm.Assemble(new StreamCodeWriter(code), offset);
        Memory.Load((uint)(segment * 16 + offset), code.ToArray());
    }

    public void SetVector(byte vector, ushort segment, ushort offset)
    {
        PokeWord(vector * 4, offset);
        PokeWord(vector * 4 + 2, segment);
    }

    /// <summary>Starts at 1000:0000 with DS = ES = 0, SS:SP = 2000:0000 and interrupts on.</summary>
    public void Start(ushort ip = 0)
    {
        var s = CpuState.AfterReset(Cpu.Model);
        s.CS = CodeSegment;
        s.IP = ip;
        s.SS = StackSegment;
        s.SP = 0;
        s.Flags |= (ushort)CpuFlags.IF;
        Cpu.SetState(s);
    }

    public byte this[int address]
    {
        get => Memory.Read8((uint)address);
        set => Memory.Write8((uint)address, value);
    }

    public ushort Word(int address) => (ushort)(this[address] | this[address + 1] << 8);

    public void PokeWord(int address, ushort value)
    {
        this[address] = (byte)value;
        this[address + 1] = (byte)(value >> 8);
    }

    public void Poke(int address, ReadOnlySpan<byte> bytes) => Memory.Load((uint)address, bytes);

    public byte[] Peek(int address, int length)
    {
        var bytes = new byte[length];
        Memory.Read((uint)address, bytes);
        return bytes;
    }

    public CpuState State => Cpu.GetState();

    public byte In8(ushort port) => 0xFF;

    public ushort In16(ushort port) => 0xFFFF;

    public void Out8(ushort port, byte value)
    {
        switch (port)
        {
            case PrintPort: Printed.Append((char)value); break;
            case ExitPort: Cpu.RequestStop(); break;
            case MonitorPort: _rig.Gates.EndCallFromPort(Id); break;
            case WhoPort: Who.Add(_rig.Gates.CurrentCall(Id)); break;
        }
    }

    public void Out16(ushort port, ushort value) => Out8(port, (byte)value);

    public void Dispose()
    {
        Memory.Dispose();
        Ram.Dispose();
    }
}
