using System.Text.Json;

namespace Concord.Monitor.Table;

/// <summary>
/// Writes trace events as JSON Lines: one object per line, always the same fields in the same
/// order: <c>t</c> (virtual ns), <c>vm</c>, <c>vmName</c>, <c>at</c> ("CS:IP", null when the
/// monitor acted), <c>for</c> (the VM whose gate call the accessing VM was serving, or null),
/// <c>device</c>, <c>field</c>, <c>policy</c>, <c>lease</c> ("none", "acquired",
/// "waiting", "released"), <c>oldReq</c>, <c>newReq</c>, <c>oldEff</c>, <c>newEff</c>.
/// <see cref="JsonLinesTraceReader"/> reads it back.
/// </summary>
public sealed class JsonLinesTraceWriter : ITraceSink, IDisposable
{
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("t");
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
    private static readonly JsonEncodedText[] Policies =
        [.. Enum.GetNames<FieldPolicy>().Select(n => JsonEncodedText.Encode(n.ToLowerInvariant()))];
    private static readonly JsonEncodedText[] Leases =
        [.. Enum.GetNames<LeaseAction>().Select(n => JsonEncodedText.Encode(n.ToLowerInvariant()))];

    private readonly JsonLinesOutput _output;

    public JsonLinesTraceWriter(Stream stream, bool leaveOpen = false) => _output = new JsonLinesOutput(stream, leaveOpen);

    /// <summary>Lines written.</summary>
    public long Count => _output.Count;

    public void Write(in TraceEvent e)
    {
        Utf8JsonWriter json = _output.Begin();
        json.WriteNumber(TimeName, e.TimeNs);
        json.WriteNumber(VmName, e.Vm.Value);
        json.WriteString(VmNameName, e.VmName);
        if (e.At.IsUnknown) json.WriteNull(AtName);
        else json.WriteString(AtName, e.At.Format(stackalloc char[9]));
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

    public void Flush() => _output.Flush();

    public void Dispose() => _output.Dispose();
}
