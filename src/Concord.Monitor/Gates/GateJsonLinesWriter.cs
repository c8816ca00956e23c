using System.Text.Json;

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

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _json;

    public GateJsonLinesWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
    }

    /// <summary>Lines written.</summary>
    public long Count { get; private set; }

    public void Write(in GateEvent e)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber(TimeName, e.TimeNs);
        _json.WriteString(GateName, Kinds[(int)e.Kind]);
        _json.WriteNumber(CallerName, e.Caller.Value);
        _json.WriteString(CallerNameName, e.CallerName);
        _json.WriteString(AtName, e.At.Format(stackalloc char[9]));
        _json.WriteNumber(VectorName, e.Vector);
        _json.WriteNumber(CalleeName, e.Callee.Value);
        _json.WriteString(CalleeNameName, e.CalleeName);
        _json.WriteNumber(ServiceName, e.ServiceVector);
        if (e.Detail is null) _json.WriteNull(DetailName);
        else _json.WriteString(DetailName, e.Detail);
        if (e.Kind is GateEventKind.Return or GateEventKind.Fail)
        {
            _json.WriteNumber(AxName, e.Ax);
            _json.WriteBoolean(CfName, e.Cf);
        }
        else
        {
            _json.WriteNull(AxName);
            _json.WriteNull(CfName);
        }
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _json.Dispose();
        _stream.Flush();
        if (!_leaveOpen) _stream.Dispose();
    }
}
