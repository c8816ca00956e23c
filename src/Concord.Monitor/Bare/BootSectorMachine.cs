using System.Diagnostics;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Debug;
using Concord.Engines.Interpreter;

namespace Concord.Monitor.Bare;

/// <summary>
/// The smallest machine that boots something: 1 MiB of RAM, the debug console (E9h) and the debug
/// exit port (F4h), one interpreter vCPU, no BIOS and no other devices. It loads a boot sector at
/// 0000:7C00 and jumps there with the registers a BIOS leaves (DL = 00h, the first floppy drive).
/// </summary>
/// <remarks>
/// <para>The A20 gate stays off, so addresses wrap at 1 MiB on the 80286 model too, as on a PC after
/// reset. Unmapped ports read FFh and drop writes. There is no interrupt controller: a HLT ends
/// the run whatever IF says, because nothing could ever wake the CPU.</para>
/// <para>The run ends on the first of: a write to the debug exit port, HLT, an invalid opcode or a
/// CPU shutdown (values, reported with CS:IP and the code bytes there), the time limit, or
/// cancellation. See <see cref="ExitStatuses"/> for the statuses.</para>
/// <para>The machine owns its memory; dispose it when done. It holds no static state, so any number
/// of machines can run in one process (one thread per machine).</para>
/// </remarks>
public sealed class BootSectorMachine : IDisposable
{
    /// <summary>Where the BIOS loads a boot sector, and the initial stack top below it.</summary>
    public const ushort LoadOffset = 0x7C00;

    /// <summary>The RAM size: the whole real-mode address space.</summary>
    public const int RamSize = 1 << 20;

    /// <summary>How many bytes at CS:IP an invalid-opcode or shutdown report shows.</summary>
    public const int ReportedCodeBytes = 6;

    private readonly BootSectorMachineOptions _options;
    private readonly MemoryBlock _ram;
    private readonly MemoryMap _memory;
    private readonly DebugConsole _console;
    private readonly DebugExit _exit;
    private readonly Interpreter _cpu;
    private long _flushedBytes;

    /// <param name="options">Model, time limit, slice size.</param>
    /// <param name="bootSector">At least the first 512 bytes of the boot image; only those 512 are loaded.</param>
    /// <param name="console">Where the guest's bytes to port E9h go.</param>
    public BootSectorMachine(BootSectorMachineOptions options, ReadOnlySpan<byte> bootSector, DebugConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        options.Validate();
        if (bootSector.Length < BootImage.SectorSize)
            throw new ArgumentException($"a boot sector is {BootImage.SectorSize} bytes; got {bootSector.Length}", nameof(bootSector));

        _options = options;
        _console = console;
        _ram = new MemoryBlock(RamSize);
        _memory = new MemoryMap();
        _memory.MapRam(0, _ram, 0, RamSize);
        _memory.A20 = false;
        _memory.Load(LoadOffset, bootSector[..BootImage.SectorSize]);

        var ports = new PortBus();
        _exit = new DebugExit(() => _cpu!.RequestStop());
        ports.Map(DebugConsole.Port, 1, _console);
        ports.Map(DebugExit.Port, 1, _exit);
        Ports = ports;

        _cpu = new Interpreter(
            new InterpreterOptions { Model = options.Model, InvalidOpcode = InvalidOpcodePolicy.Exit },
            _memory, ports, interrupts: null)
        {
            ExitOnHalt = true,
        };
        CpuState state = CpuState.AfterReset(options.Model);
        state.CS = 0;
        state.IP = LoadOffset;
        state.DS = state.ES = state.SS = 0;
        state.SP = LoadOffset;
        state.DX = 0x0000; // DL: the drive booted from, 00h = first floppy
        _cpu.SetState(state);
    }

    /// <summary>The machine's port bus (for inspection: unmapped access counts).</summary>
    public PortBus Ports { get; }

    /// <summary>The guest's physical memory.</summary>
    public MemoryMap Memory => _memory;

    /// <summary>The vCPU (engine <c>interp</c>).</summary>
    public IVcpu Cpu => _cpu;

    public string EngineName => Interpreter.EngineName;

    /// <summary>Runs the guest until it stops, the time limit passes or <paramref name="cancel"/> fires.</summary>
    public MachineOutcome Run(CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        long start = _cpu.InstructionCount;
        while (true)
        {
            if (cancel.IsCancellationRequested)
                return Outcome(MachineStop.Cancelled, ExitStatuses.Cancelled, start, clock);

            RunResult result = _cpu.Run(_options.SliceBudget);
            FlushConsole();
            switch (result.Reason)
            {
                case ExitReason.BudgetSpent:
                    break;
                case ExitReason.StopRequested when _exit.ExitStatus is { } status:
                    return Outcome(MachineStop.DebugExit, status, start, clock);
                case ExitReason.StopRequested:
                    break; // nobody else asks this machine to stop; go on
                case ExitReason.Halted:
                    return Outcome(MachineStop.Halted, ExitStatuses.Halted, start, clock);
                case ExitReason.InvalidOpcode:
                    return Outcome(MachineStop.InvalidOpcode, ExitStatuses.GuestFault, start, clock);
                case ExitReason.Shutdown:
                    return Outcome(MachineStop.Shutdown, ExitStatuses.GuestFault, start, clock);
                default:
                    throw new InvalidOperationException(
                        $"the boot-sector machine registers no stubs or watched vectors, yet the vCPU exited with {_cpu.LastExit}");
            }

            if (_options.Timeout is { } limit && clock.Elapsed >= limit)
                return Outcome(MachineStop.Timeout, ExitStatuses.Timeout, start, clock);
        }
    }

    private void FlushConsole()
    {
        if (_console.BytesWritten == _flushedBytes) return;
        _flushedBytes = _console.BytesWritten;
        _console.Flush();
    }

    private MachineOutcome Outcome(MachineStop stop, int status, long start, Stopwatch clock)
    {
        ExitInfo exit = _cpu.LastExit;
        CpuState state = _cpu.GetState();
        if (stop is MachineStop.Timeout or MachineStop.Cancelled)
            exit = exit with { Cs = state.CS, Ip = state.IP };
        byte[] code = [];
        if (stop is MachineStop.InvalidOpcode or MachineStop.Shutdown)
        {
            code = new byte[ReportedCodeBytes];
            uint linear = ((uint)exit.Cs << 4) + exit.Ip;
            for (int i = 0; i < code.Length; i++) code[i] = _memory.Read8((linear + (uint)i) & (RamSize - 1));
        }
        return new MachineOutcome(stop, status, exit, state, _cpu.InstructionCount - start, clock.Elapsed, code);
    }

    public void Dispose()
    {
        _memory.Dispose();
        _ram.Dispose();
    }
}
