using System.Text;
using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Tracing;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>Two or three bare VMs, a gate monitor over them, a round-robin runner and a recorded trace.</summary>
internal sealed class GateRig : IDisposable
{
    private readonly List<BareVm> _vms = [];
    private readonly MemoryStream _json = new();
    private readonly JsonLinesTraceWriter _writer;

    public GateRig(long slice = 100)
    {
        _writer = new JsonLinesTraceWriter(_json, leaveOpen: true);
        Gates = new GateMonitor(sink: new TeeGateSink(Trace, _writer));
        Runner = new RoundRobinRunner(Gates, slice);
    }

    public GateMonitor Gates { get; }

    public RoundRobinRunner Runner { get; }

    public GateTraceRecorder Trace { get; } = new();

    /// <summary>The trace as JSON Lines so far.</summary>
    public string Json
    {
        get
        {
            _writer.Flush();
            return Encoding.UTF8.GetString(_json.ToArray());
        }
    }

    public BareVm AddVm(string name, int ramKib = 640, bool busyByte = false, byte? endVector = null,
        PageRange[]? lendable = null, CpuModel model = CpuModel.I8086, Func<BareVm, bool>? inInterruptHandler = null, bool dos = false, byte keyboardVector = 0x16)
    {
        var vm = new BareVm(this, name, ramKib, model);
        vm.Id = Gates.AddVm(new GateVmOptions
        {
            Name = name,
            Vcpu = vm.Cpu,
            Memory = vm.Memory,
            BusyByte = busyByte ? BareVm.BusyByte : null,
            Dos = dos,
            KeyboardVector = keyboardVector,
            EndVector = endVector,
            Lendable = lendable ?? [],
            InInterruptHandler = inInterruptHandler is null ? null : () => inInterruptHandler(vm),
        });
        Runner.Add(vm.Id, vm.Cpu);
        _vms.Add(vm);
        return vm;
    }

    public Gate Gate(BareVm caller, byte vector, BareVm callee, byte service, int windowAddress = 0, int windowLength = 0,
        WindowMapping mapping = WindowMapping.Identity, int? hole = null) =>
        Gates.AddGate(caller.Id, vector, callee.Id, service,
            windowLength == 0 ? null : new GateWindow(windowAddress, windowLength), mapping, hole);

    /// <summary>Runs until every VM stopped or nothing can run; fails the test if the limit is reached (something hung).</summary>
    public RunnerOutcome Run(long limit = 5_000_000)
    {
        var outcome = Runner.Run(limit);
        Assert.NotEqual(RunnerOutcome.LimitReached, outcome);
        return outcome;
    }

    /// <summary>A service vector whose handler is <paramref name="body"/> at CS:<paramref name="offset"/>.</summary>
    public static void Handler(BareVm vm, byte vector, ushort offset, Action<Assembler> body)
    {
        vm.Load(offset, body);
        vm.SetVector(vector, BareVm.CodeSegment, offset);
    }

    /// <summary>A program that idles: <c>sti; hlt; jmp</c> back (wakes only when a gate enters it).</summary>
    public static void Idle(Assembler a)
    {
        var top = a.CreateLabel();
        a.Label(ref top);
        a.sti();
        a.hlt();
        a.jmp(top);
    }

    /// <summary>The end of a test program: <c>cli; hlt</c>, so that the registers stay for the test to read.</summary>
    public static void Done(Assembler a)
    {
        a.cli();
        a.hlt();
    }

    /// <summary>Spends about 2 × <paramref name="count"/> instructions (<c>mov cx; loop</c>; clobbers CX).</summary>
    public static void Delay(Assembler a, ushort count)
    {
        var top = a.CreateLabel();
        a.mov(cx, count);
        a.Label(ref top);
        a.loop(top);
    }

    public void Dispose()
    {
        _writer.Dispose();
        Gates.Dispose();
        foreach (var vm in _vms) vm.Dispose();
    }
}
