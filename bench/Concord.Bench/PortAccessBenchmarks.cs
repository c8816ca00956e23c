using BenchmarkDotNet.Attributes;
using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Dma;
using Concord.Devices.Floppy;
using Concord.Devices.Pic;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;

namespace Concord.Bench;

/// <summary>
/// What one trapped port access costs, as the CPU's IN/OUT sees it through a VM's port bus: a
/// port nobody maps (reads FFh, writes dropped and counted) and the shared floppy controller
/// reached through the management table (a status read, and a DOR write that the table splits
/// into its fields and resolves under the 'any' and 'lease' policies). Figures are per access.
/// </summary>
[MemoryDiagnoser]
public class PortAccessBenchmarks
{
    private const int Accesses = 1000;
    private const ushort Unmapped = 0x0300, Dor = 0x3F2, Msr = 0x3F4;

    private readonly PortBus _empty = new();
    private PortBus _vmBus = new();
    private MemoryMap? _memory;
    private MemoryBlock? _ram;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock();
        var table = new ManagementTable(clock);
        VmId a = table.AddVm("a");
        table.AddVm("b");
        var fdc = new SharedFdc(clock, table);
        fdc.Controller.Attach(0, new FloppyDrive(clock));
        _ram = new MemoryBlock(0x10000);
        _memory = new MemoryMap();
        _memory.MapRam(0, _ram, 0, 0x10000);
        var dma = new Dma8237(new MemoryMapDmaMemory(_memory));
        var pic = new Pic8259Pair(null);
        _vmBus = new PortBus();
        fdc.Connect(a, pic.Irq(6), dma).MapOn(_vmBus);
        _vmBus.Out8(Dor, 0x1C); // motor 0 on, drive 0, out of reset, DMA on: the VM holds the controller
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory?.Dispose();
        _ram?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public int Unmapped_port_read()
    {
        int sum = 0;
        for (int i = 0; i < Accesses; i++) sum += _empty.In8(Unmapped);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Accesses)]
    public void Unmapped_port_write()
    {
        for (int i = 0; i < Accesses; i++) _empty.Out8(Unmapped, (byte)i);
    }

    [Benchmark(OperationsPerInvoke = Accesses)]
    public int Shared_fdc_status_read()
    {
        int sum = 0;
        for (int i = 0; i < Accesses; i++) sum += _vmBus.In8(Msr);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Accesses)]
    public void Shared_fdc_dor_write_through_the_table()
    {
        for (int i = 0; i < Accesses; i++) _vmBus.Out8(Dor, (i & 1) == 0 ? (byte)0x1C : (byte)0x3C); // motor 1 toggles
    }

    private sealed class FixedClock : IClock
    {
        public long NowNs => 1_000_000;
    }
}
