using System.Text.Json;

namespace Concord.Monitor.Tracing;

/// <summary>
/// A JSON Lines stream: <see cref="Begin"/> gives the writer for one object, <see cref="End"/> closes
/// it and ends the line. The trace writer's; no allocation per line.
/// </summary>
internal sealed class JsonLinesOutput : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Utf8JsonWriter _json;

    public JsonLinesOutput(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
    }

    /// <summary>Lines written.</summary>
    public long Count { get; private set; }

    /// <summary>Starts a line's object; write its fields, then call <see cref="End"/>.</summary>
    public Utf8JsonWriter Begin()
    {
        _json.Reset();
        _json.WriteStartObject();
        return _json;
    }

    /// <summary>Ends the object <see cref="Begin"/> started and the line.</summary>
    public void End()
    {
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
