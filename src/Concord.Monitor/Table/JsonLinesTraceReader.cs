using System.Globalization;
using System.Text.Json;

namespace Concord.Monitor.Table;

/// <summary>Reads the JSON Lines written by <see cref="JsonLinesTraceWriter"/> back into <see cref="TraceEvent"/>s.</summary>
public static class JsonLinesTraceReader
{
    /// <summary>Every event of <paramref name="reader"/>; blank lines are skipped. Throws <see cref="FormatException"/> naming the line on a bad one.</summary>
    public static List<TraceEvent> ReadAll(TextReader reader)
    {
        var events = new List<TraceEvent>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                events.Add(Parse(line));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                throw new FormatException($"trace line {number}: {e.Message}", e);
            }
        }
        return events;
    }

    public static TraceEvent Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var o = doc.RootElement;
        var at = CsIp.Unknown;
        if (o.GetProperty("at") is { ValueKind: JsonValueKind.String } atText)
        {
            string s = atText.GetString()!;
            if (s.Length != 9 || s[4] != ':') throw new FormatException($"'at' must be CS:IP in hex, not '{s}'");
            at = new CsIp(ushort.Parse(s.AsSpan(0, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(s.AsSpan(5, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        if (o.TryGetProperty("for", out JsonElement forVm) && forVm.ValueKind == JsonValueKind.Number)
            at = at with { For = new VmId(forVm.GetInt32()) };
        return new TraceEvent(
            o.GetProperty("t").GetInt64(),
            new VmId(o.GetProperty("vm").GetInt32()),
            o.GetProperty("vmName").GetString()!,
            at,
            o.GetProperty("device").GetString()!,
            o.GetProperty("field").GetString()!,
            Enum.Parse<FieldPolicy>(o.GetProperty("policy").GetString()!, ignoreCase: true),
            Enum.Parse<LeaseAction>(o.GetProperty("lease").GetString()!, ignoreCase: true),
            o.GetProperty("oldReq").GetInt32(),
            o.GetProperty("newReq").GetInt32(),
            o.GetProperty("oldEff").GetInt32(),
            o.GetProperty("newEff").GetInt32());
    }
}
