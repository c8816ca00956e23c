using System.Text.Json;
using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>Gate events as JSON Lines: every step, the same run gives the same bytes.</summary>
public sealed class GateTraceTests
{
    /// <summary>A waits for busy B, B's call back into busy A is refused, then A's call completes.</summary>
    private static string RunScenario()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a", busyByte: true);
        var b1 = rig.AddVm("b", busyByte: true);
        rig.Gate(a1, 0x60, b1, 0x21);
        rig.Gate(b1, 0x61, a1, 0x21);
        a1.Load(0, a => { a.mov(__byte_ptr[BareVm.BusyByte], 1); GateRig.Delay(a, 100); a.@int(0x60); a.mov(__byte_ptr[BareVm.BusyByte], 0); GateRig.Done(a); });
        b1.Load(0, a => { a.mov(__byte_ptr[BareVm.BusyByte], 1); GateRig.Delay(a, 500); a.@int(0x61); a.mov(__byte_ptr[BareVm.BusyByte], 0); GateRig.Idle(a); });
        GateRig.Handler(a1, 0x21, 0x400, a => { a.mov(ax, 0xAAAA); a.iret(); });
        GateRig.Handler(b1, 0x21, 0x400, a => { a.mov(ax, 0xBBBB); a.stc(); a.retf(2); });
        a1.Start();
        b1.Start();
        rig.Run();
        return rig.Json;
    }

    [Fact]
    public void Two_runs_of_the_same_scenario_write_the_same_gate_trace()
    {
        string first = RunScenario(), second = RunScenario();

        Assert.Equal(first, second);
        Assert.Equal(6, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Each_step_of_a_gate_call_is_one_json_line_with_the_same_fields_in_the_same_order()
    {
        string[] lines = RunScenario().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["call", "wait", "call", "fail", "enter", "return"],
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("gate").GetString()));
        foreach (string line in lines)
            Assert.Equal(["t", "type", "gate", "caller", "callerName", "at", "vector", "callee", "calleeName", "service", "detail", "ax", "cf"],
                JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name));
        var fail = JsonDocument.Parse(lines[3]).RootElement;
        Assert.Equal(("b", "a", "cycle", 0xC002, true), (fail.GetProperty("callerName").GetString(), fail.GetProperty("calleeName").GetString(),
            fail.GetProperty("detail").GetString(), fail.GetProperty("ax").GetInt32(), fail.GetProperty("cf").GetBoolean()));
        var ret = JsonDocument.Parse(lines[5]).RootElement;
        Assert.Equal((0xBBBB, true, "stub", 0x60, 0x21), (ret.GetProperty("ax").GetInt32(), ret.GetProperty("cf").GetBoolean(),
            ret.GetProperty("detail").GetString(), ret.GetProperty("vector").GetInt32(), ret.GetProperty("service").GetInt32()));
        var wait = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "busy"), (wait.GetProperty("ax").ValueKind, wait.GetProperty("cf").ValueKind, wait.GetProperty("detail").GetString()));
        Assert.Equal("1000:000A", JsonDocument.Parse(lines[0]).RootElement.GetProperty("at").GetString());
    }

    [Fact]
    public void The_trace_event_names_the_vms_and_carries_the_virtual_time()
    {
        var sink = new GateTraceRecorder();
        using var rig = new GateRig();
        rig.Gates.Sink = sink;
        var a1 = rig.AddVm("guest");
        var b1 = rig.AddVm("parent", ramKib: 256);
        rig.Gate(a1, 0x60, b1, 0x21);
        a1.Load(0, a => { a.nop(); a.nop(); a.@int(0x60); GateRig.Done(a); });
        b1.Load(0, GateRig.Idle);
        GateRig.Handler(b1, 0x21, 0x400, a => a.iret());
        a1.Start();
        b1.Start();

        rig.Run();

        Assert.Equal(new GateEvent(3, GateEventKind.Call, a1.Id, "guest", new CsIp(0x1000, 2), 0x60, b1.Id, "parent", 0x21, null, 0, false), sink.Events[0]);
        Assert.Equal(GateEventKind.Return, sink.Events[^1].Kind);
    }
}
