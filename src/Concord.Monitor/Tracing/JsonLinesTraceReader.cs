using System.Globalization;
using System.Text.Json;
using Concord.Monitor.Gates;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Tracing;

/// <summary>Reads the JSON Lines written by <see cref="JsonLinesTraceWriter"/> back into typed events.</summary>
public static class JsonLinesTraceReader
{
    /// <summary>
    /// Every event of <paramref name="reader"/>, in order, each a <see cref="TableEvent"/>, a
    /// <see cref="GateEvent"/> or a <see cref="PortWriteEvent"/>; blank lines are skipped. Throws
    /// <see cref="FormatException"/> naming the line on a bad one.
    /// </summary>
    public static List<object> ReadAll(TextReader reader)
    {
        var events = new List<object>();
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

    /// <summary>The management table's events of <paramref name="reader"/> (the other types skipped).</summary>
    public static List<TableEvent> ReadTable(TextReader reader) => [.. ReadAll(reader).OfType<TableEvent>()];

    /// <summary>One line's event.</summary>
    public static object Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        JsonElement o = doc.RootElement;
        string type = o.GetProperty("type").GetString()!;
        return type switch
        {
            "table" => ParseTable(o),
            "gate" => ParseGate(o),
            "port" => new PortWriteEvent(o.GetProperty("t").GetInt64(), new VmId(o.GetProperty("vm").GetInt32()),
                o.GetProperty("vmName").GetString()!, At(o), o.GetProperty("port").GetUInt16(), o.GetProperty("value").GetByte()),
            _ => throw new FormatException($"'type' must be table, gate or port, not '{type}'"),
        };
    }

    private static TableEvent ParseTable(JsonElement o)
    {
        CsIp at = At(o);
        if (o.TryGetProperty("for", out JsonElement forVm) && forVm.ValueKind == JsonValueKind.Number)
            at = at with { For = new VmId(forVm.GetInt32()) };
        return new TableEvent(
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

    private static GateEvent ParseGate(JsonElement o)
    {
        JsonElement ax = o.GetProperty("ax"), cf = o.GetProperty("cf");
        return new GateEvent(
            o.GetProperty("t").GetInt64(),
            Enum.Parse<GateEventKind>(o.GetProperty("gate").GetString()!, ignoreCase: true),
            new VmId(o.GetProperty("caller").GetInt32()),
            o.GetProperty("callerName").GetString()!,
            At(o),
            o.GetProperty("vector").GetByte(),
            new VmId(o.GetProperty("callee").GetInt32()),
            o.GetProperty("calleeName").GetString()!,
            o.GetProperty("service").GetByte(),
            o.GetProperty("detail").GetString(),
            ax.ValueKind == JsonValueKind.Number ? ax.GetUInt16() : (ushort)0,
            cf.ValueKind == JsonValueKind.True);
    }

    private static CsIp At(JsonElement o)
    {
        if (o.GetProperty("at") is not { ValueKind: JsonValueKind.String } atText) return CsIp.Unknown;
        string s = atText.GetString()!;
        if (s.Length != 9 || s[4] != ':') throw new FormatException($"'at' must be CS:IP in hex, not '{s}'");
        return new CsIp(ushort.Parse(s.AsSpan(0, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ushort.Parse(s.AsSpan(5, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
