using System.Text;
using System.Text.Json;
using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tests.Table;

public sealed class TraceTests
{
    /// <summary>The lease scenario (B's command parked behind A's), traced to JSON Lines and to memory.</summary>
    private static (byte[] Json, TraceRecorder Recorder, SharingRig Rig) RunScenario()
    {
        var stream = new MemoryStream();
        var recorder = new TraceRecorder();
        using var writer = new JsonLinesTraceWriter(stream, leaveOpen: true);
        var rig = new SharingRig(sink: new TeeSink(recorder, writer));
        var (a, b) = (rig.A, rig.B);
        a.Current = new(0xF000, 0x0A00);
        b.Current = new(0xF000, 0x0B00);
        foreach (var vm in rig.Vms)
        {
            vm.ResetAndSense();
            vm.Out(FakeVm.Ccr, 0);
        }
        a.Out(FakeVm.Dor, 0x1C);
        a.ReadSector(0, 0, 0, 1);
        rig.Run(100);
        b.Current = new(0x1234, 0x5678);
        b.Out(FakeVm.Dor, 0x3D);                    // B wants both motors
        b.ReadSector(1, 0, 0, 1);
        rig.Run(500);
        a.Results();
        b.Results();
        a.Out(FakeVm.Dor, 0x0C);
        writer.Flush();
        return (stream.ToArray(), recorder, rig);
    }

    [Fact]
    public void A_waiting_vm_is_traced_waiting_then_acquiring_with_the_cs_ip_of_its_parked_access()
    {
        var (_, recorder, _) = RunScenario();
        var lease = recorder.Events.Where(e => e.Field == "command").ToList();
        var waiting = Assert.Single(lease, e => e.Lease == LeaseAction.Waiting);
        Assert.Equal(("B", new CsIp(0x1234, 0x5678), 0), (waiting.VmName, waiting.At, waiting.OldEffective));
        var acquired = lease[lease.IndexOf(waiting) + 2];
        Assert.Equal(LeaseAction.Released, lease[lease.IndexOf(waiting) + 1].Lease);
        Assert.Equal((LeaseAction.Acquired, "B", new CsIp(0x1234, 0x5678), 0, 1), (acquired.Lease, acquired.VmName, acquired.At, acquired.OldEffective + 1, acquired.NewEffective));
    }

    [Fact]
    public void A_suppressed_motor_off_is_traced_with_requested_and_effective_values()
    {
        var (_, recorder, _) = RunScenario();
        var last = recorder.Events.Last(e => e.Field == "motor0");
        Assert.Equal(new TableEvent(600_000_000, new VmId(0), "A", new CsIp(0xF000, 0x0A00), "fdc", "motor0", FieldPolicy.Any, LeaseAction.None, 1, 0, 1, 1), last);
        var select = recorder.Events.Single(e => e.Field == "select" && e.Vm == new VmId(1) && e.OldRequested == 0 && e.NewRequested == 1);
        Assert.Equal((0, 0), (select.OldEffective, select.NewEffective)); // kept in B's column while A held the lease
        Assert.Contains(recorder.Events, e => e.Field == "select" && e.Vm == new VmId(1) && e.NewEffective == 1 && e.OldEffective == 0);
    }

    [Fact]
    public void Json_lines_parse_back_to_the_same_events_with_a_stable_field_order()
    {
        var (json, recorder, _) = RunScenario();
        string text = Encoding.UTF8.GetString(json);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(recorder.Events.Count, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(["t", "type", "vm", "vmName", "at", "for", "device", "field", "policy", "lease", "oldReq", "newReq", "oldEff", "newEff"],
                doc.RootElement.EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal(recorder.Events, JsonLinesTraceReader.ReadTable(new StringReader(text)));
        Assert.Contains("\"at\":\"1234:5678\"", text);
        Assert.Contains("\"lease\":\"waiting\"", text);
    }

    [Fact]
    public void A_deterministic_run_gives_the_same_trace_twice()
    {
        var first = RunScenario();
        var second = RunScenario();
        Assert.True(first.Json.Length > 1000);
        Assert.Equal(first.Json, second.Json);
        Assert.Equal(first.Rig.Table.Snapshot().Format(), second.Rig.Table.Snapshot().Format());
    }

    [Fact]
    public void A_bad_trace_line_is_reported_with_its_number()
    {
        var e = Assert.Throws<FormatException>(() => JsonLinesTraceReader.ReadAll(new StringReader("\n{\"t\":1}\n")));
        Assert.StartsWith("trace line 2:", e.Message);
    }

    [Fact]
    public void The_monitor_acting_for_a_vm_is_written_with_a_null_place()
    {
        var stream = new MemoryStream();
        using (var writer = new JsonLinesTraceWriter(stream, leaveOpen: true))
            writer.Write(new TableEvent(5, new VmId(0), "A", CsIp.Unknown, "power", "off", FieldPolicy.All, LeaseAction.None, -1, 1, 0, 0));
        string line = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal("{\"t\":5,\"type\":\"table\",\"vm\":0,\"vmName\":\"A\",\"at\":null,\"for\":null,\"device\":\"power\",\"field\":\"off\",\"policy\":\"all\",\"lease\":\"none\",\"oldReq\":-1,\"newReq\":1,\"oldEff\":0,\"newEff\":0}\n", line);
        Assert.True(Assert.IsType<TableEvent>(JsonLinesTraceReader.Parse(line.TrimEnd())).At.IsUnknown);
    }

    [Fact]
    public void An_access_made_inside_a_gate_call_is_written_with_the_vm_it_was_made_for_and_read_back()
    {
        var stream = new MemoryStream();
        var e = new TableEvent(7, new VmId(0), "parent", new CsIp(0xF000, 0x1234) { For = new VmId(1) }, "fdc", "command",
            FieldPolicy.Lease, LeaseAction.Acquired, 0, 1, -1, 0);
        using (var writer = new JsonLinesTraceWriter(stream, leaveOpen: true)) writer.Write(e);
        string line = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("\"at\":\"F000:1234\",\"for\":1,", line);
        Assert.Equal(e, JsonLinesTraceReader.Parse(line.TrimEnd()));
    }

    [Fact]
    public void Table_gate_and_port_events_share_one_stream_each_typed_and_read_back_in_order()
    {
        var table = new TableEvent(1, new VmId(0), "dos", new CsIp(0xF000, 0x0100), "fdc", "motor0", FieldPolicy.Any, LeaseAction.None, 0, 1, 0, 1);
        var gate = new GateEvent(2, GateEventKind.Return, new VmId(1), "guest", new CsIp(0x1000, 0x0200), 0xE0, new VmId(0), "dos", 0x21, "stub", 0x1234, true);
        var call = gate with { TimeNs = 3, Kind = GateEventKind.Call, Detail = null, Ax = 0, Cf = false };
        var port = new PortWriteEvent(4, new VmId(1), "guest", new CsIp(0x0070, 0x0010), 0x3F2, 0x1C);
        var stream = new MemoryStream();
        using (var writer = new JsonLinesTraceWriter(stream, leaveOpen: true))
        {
            writer.Write(table);
            writer.Write(gate);
            writer.Write(call);
            writer.Write(port);
        }
        string text = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Equal(["table", "gate", "gate", "port"], text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        Assert.Contains("{\"t\":4,\"type\":\"port\",\"vm\":1,\"vmName\":\"guest\",\"at\":\"0070:0010\",\"port\":1010,\"value\":28}", text);
        Assert.Contains("\"gate\":\"call\",", text);
        Assert.Equal([table, gate, call, port], JsonLinesTraceReader.ReadAll(new StringReader(text)));
    }

    [Fact]
    public void A_line_of_no_known_type_is_refused_naming_the_types()
    {
        var e = Assert.Throws<FormatException>(() => JsonLinesTraceReader.ReadAll(new StringReader("{\"t\":1,\"type\":\"disk\"}\n")));
        Assert.Contains("table, gate or port", e.Message);
    }
}
