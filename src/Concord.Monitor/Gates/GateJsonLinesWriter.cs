using System.Text.Json;
using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// Writes gate events as JSON Lines, in the style of the management table's trace
/// (<see cref="Table.JsonLinesTraceWriter"/>): one object per line, always the same fields in the
/// same order: <c>t</c> (virtual ns), <c>gate</c> ("call", "wait", "enter", "return", "fail"),
/// <c>caller</c>, <c>callerName</c>, <c>at</c> ("CS:IP" of the INT), <c>vector</c>, <c>callee</c>,
/// <c>calleeName</c>, <c>service</c>, <c>detail</c> (null or a word), <c>ax</c> and <c>cf</c>
/// (the caller's result on "return" and "fail", null otherwise).
/// </summary>
public sealed class GateJsonLinesWriter : IGateTraceSink, IDisposable
{
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText GateName = JsonEncodedText.Encode("gate");
    private static readonly JsonEncodedText CallerName = JsonEncodedText.Encode("caller");
    private static readonly JsonEncodedText CallerNameName = JsonEncodedText.Encode("callerName");
    private static readonly JsonEncodedText AtName = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText VectorName = JsonEncodedText.Encode("vector");
    private static readonly JsonEncodedText CalleeName = JsonEncodedText.Encode("callee");
    private static readonly JsonEncodedText CalleeNameName = JsonEncodedText.Encode("calleeName");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText AxName = JsonEncodedText.Encode("ax");
    private static readonly JsonEncodedText CfName = JsonEncodedText.Encode("cf");
    private static readonly JsonEncodedText[] Kinds =
        [.. Enum.GetNames<GateEventKind>().Select(n => JsonEncodedText.Encode(n.ToLowerInvariant()))];

    private readonly JsonLinesOutput _output;

    public GateJsonLinesWriter(Stream stream, bool leaveOpen = false) => _output = new JsonLinesOutput(stream, leaveOpen);

    /// <summary>Lines written.</summary>
    public long Count => _output.Count;

    public void Write(in GateEvent e)
    {
        Utf8JsonWriter json = _output.Begin();
        json.WriteNumber(TimeName, e.TimeNs);
        json.WriteString(GateName, Kinds[(int)e.Kind]);
        json.WriteNumber(CallerName, e.Caller.Value);
        json.WriteString(CallerNameName, e.CallerName);
        json.WriteString(AtName, e.At.Format(stackalloc char[9]));
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

    public void Flush() => _output.Flush();

    public void Dispose() => _output.Dispose();
}
