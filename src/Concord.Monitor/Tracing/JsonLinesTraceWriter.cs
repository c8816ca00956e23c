using System.Text.Json;
using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tracing;

/// <summary>
/// Writes a machine's trace as JSON Lines: one object per line, each starting with <c>t</c> (virtual
/// ns) and <c>type</c>, then always the same fields in the same order for that type:
/// <list type="bullet">
/// <item><c>"table"</c> (a change of the management table): <c>vm</c>, <c>vmName</c>, <c>at</c>
/// ("CS:IP", null when the monitor acted), <c>for</c> (the VM whose gate call the accessing VM was
/// serving, or null), <c>device</c>, <c>field</c>, <c>policy</c>, <c>lease</c> ("none",
/// "acquired", "waiting", "released"), <c>oldReq</c>, <c>newReq</c>, <c>oldEff</c>, <c>newEff</c>;</item>
/// <item><c>"gate"</c> (a step of a gate call, or what the monitor learned asking a DOS VM):
/// <c>gate</c> ("call", "wait", "enter", "return", "fail"; "learned", "notlearned"), <c>caller</c>, <c>callerName</c>, <c>at</c> ("CS:IP" of the INT), <c>vector</c>,
/// <c>callee</c>, <c>calleeName</c>, <c>service</c>, <c>detail</c> (null, a word, or for "learned"/"notlearned" what the DOS said or why it could not be asked), <c>ax</c> and
/// <c>cf</c> (the caller's result on "return" and "fail", null otherwise);</item>
/// <item><c>"port"</c> (a byte a VM wrote to a port): <c>vm</c>, <c>vmName</c>, <c>at</c>, <c>port</c>, <c>value</c>.</item>
/// </list>
/// <see cref="JsonLinesTraceReader"/> reads it back. No allocation per line.
/// </summary>
public sealed class JsonLinesTraceWriter : IMachineTraceSink, IDisposable
{
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TableType = JsonEncodedText.Encode("table");
    private static readonly JsonEncodedText GateType = JsonEncodedText.Encode("gate");
    private static readonly JsonEncodedText PortType = JsonEncodedText.Encode("port");
    private static readonly JsonEncodedText VmName = JsonEncodedText.Encode("vm");
    private static readonly JsonEncodedText VmNameName = JsonEncodedText.Encode("vmName");
    private static readonly JsonEncodedText AtName = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText ForName = JsonEncodedText.Encode("for");
    private static readonly JsonEncodedText DeviceName = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText FieldName = JsonEncodedText.Encode("field");
    private static readonly JsonEncodedText PolicyName = JsonEncodedText.Encode("policy");
    private static readonly JsonEncodedText LeaseName = JsonEncodedText.Encode("lease");
    private static readonly JsonEncodedText OldRequestedName = JsonEncodedText.Encode("oldReq");
    private static readonly JsonEncodedText NewRequestedName = JsonEncodedText.Encode("newReq");
    private static readonly JsonEncodedText OldEffectiveName = JsonEncodedText.Encode("oldEff");
    private static readonly JsonEncodedText NewEffectiveName = JsonEncodedText.Encode("newEff");
    private static readonly JsonEncodedText GateName = JsonEncodedText.Encode("gate");
    private static readonly JsonEncodedText CallerName = JsonEncodedText.Encode("caller");
    private static readonly JsonEncodedText CallerNameName = JsonEncodedText.Encode("callerName");
    private static readonly JsonEncodedText VectorName = JsonEncodedText.Encode("vector");
    private static readonly JsonEncodedText CalleeName = JsonEncodedText.Encode("callee");
    private static readonly JsonEncodedText CalleeNameName = JsonEncodedText.Encode("calleeName");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText AxName = JsonEncodedText.Encode("ax");
    private static readonly JsonEncodedText CfName = JsonEncodedText.Encode("cf");
    private static readonly JsonEncodedText PortName = JsonEncodedText.Encode("port");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText[] Policies = Names<FieldPolicy>();
    private static readonly JsonEncodedText[] Leases = Names<LeaseAction>();
    private static readonly JsonEncodedText[] GateKinds = Names<GateEventKind>();

    private readonly JsonLinesOutput _output;

    public JsonLinesTraceWriter(Stream stream, bool leaveOpen = false) => _output = new JsonLinesOutput(stream, leaveOpen);

    /// <summary>Lines written.</summary>
    public long Count => _output.Count;

    public void Write(in TableEvent e)
    {
        Utf8JsonWriter json = Begin(e.TimeNs, TableType);
        json.WriteNumber(VmName, e.Vm.Value);
        json.WriteString(VmNameName, e.VmName);
        WriteAt(json, e.At);
        if (e.At.For is { } forVm) json.WriteNumber(ForName, forVm.Value);
        else json.WriteNull(ForName);
        json.WriteString(DeviceName, e.Device);
        json.WriteString(FieldName, e.Field);
        json.WriteString(PolicyName, Policies[(int)e.Policy]);
        json.WriteString(LeaseName, Leases[(int)e.Lease]);
        json.WriteNumber(OldRequestedName, e.OldRequested);
        json.WriteNumber(NewRequestedName, e.NewRequested);
        json.WriteNumber(OldEffectiveName, e.OldEffective);
        json.WriteNumber(NewEffectiveName, e.NewEffective);
        _output.End();
    }

    public void Write(in GateEvent e)
    {
        Utf8JsonWriter json = Begin(e.TimeNs, GateType);
        json.WriteString(GateName, GateKinds[(int)e.Kind]);
        json.WriteNumber(CallerName, e.Caller.Value);
        json.WriteString(CallerNameName, e.CallerName);
        WriteAt(json, e.At);
        json.WriteNumber(VectorName, e.Vector);
        json.WriteNumber(CalleeName, e.Callee.Value);
        json.WriteString(CalleeNameName, e.CalleeName);
        json.WriteNumber(ServiceName, e.ServiceVector);
        if (e.Detail is null) json.WriteNull(DetailName);
        else json.WriteString(DetailName, e.Detail);
        if (e.Kind is GateEventKind.Return or GateEventKind.Fail)
        {
            json.WriteNumber(AxName, e.Ax);
            json.WriteBoolean(CfName, e.Cf);
        }
        else
        {
            json.WriteNull(AxName);
            json.WriteNull(CfName);
        }
        _output.End();
    }

    public void Write(in PortWriteEvent e)
    {
        Utf8JsonWriter json = Begin(e.TimeNs, PortType);
        json.WriteNumber(VmName, e.Vm.Value);
        json.WriteString(VmNameName, e.VmName);
        WriteAt(json, e.At);
        json.WriteNumber(PortName, e.Port);
        json.WriteNumber(ValueName, e.Value);
        _output.End();
    }

    public void Flush() => _output.Flush();

    public void Dispose() => _output.Dispose();

    private Utf8JsonWriter Begin(long timeNs, JsonEncodedText type)
    {
        Utf8JsonWriter json = _output.Begin();
        json.WriteNumber(TimeName, timeNs);
        json.WriteString(TypeName, type);
        return json;
    }

    private static void WriteAt(Utf8JsonWriter json, CsIp at)
    {
        if (at.IsUnknown) json.WriteNull(AtName);
        else json.WriteString(AtName, at.Format(stackalloc char[9]));
    }

    private static JsonEncodedText[] Names<T>() where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(n => JsonEncodedText.Encode(n.ToLowerInvariant()))];
}
