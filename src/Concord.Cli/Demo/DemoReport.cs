using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Concord.Cli.Demo;

/// <summary>The demo's results as one table for people or as JSON for programs.</summary>
internal static class DemoReport
{
    /// <summary>A wait for the controller longer than this is "long" (a command takes well under it).</summary>
    public const long LongWaitNs = 1_000_000_000;

    private static readonly string[] Headers =
        ["policy", "blocks", "errors", "retries", "motor starts", "motor-on s", "longest wait s", "virtual s", "wall s", "copy"];

    public static string Table(IReadOnlyList<DemoResult> results)
    {
        var rows = new List<string[]> { Headers };
        foreach (DemoResult r in results)
            rows.Add([
                r.Policy + (r.Policy == "any" ? " (patent)" : ""),
                r.Blocks < 0 ? "-" : Invariant(r.Blocks),
                Invariant(r.Errors),
                r.Retries < 0 ? "-" : Invariant(r.Retries),
                Invariant(r.MotorStarts),
                Seconds(r.MotorOnNs),
                Seconds(r.LongestWaitNs),
                Seconds(r.VirtualNs),
                r.Wall.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                r.CopyMatches ? "same" : "DIFFERS",
            ]);
        int[] widths = Enumerable.Range(0, Headers.Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (string[] row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0) text.Append("  ");
                text.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
            }
            text.Append('\n');
        }
        text.Append("blocks: XFER's blocks in both directions, there (A:DATA.BIN -> B:COPY.BIN) and back (-> A:DATA.BAK); ")
            .Append("copy: both copies equal A:DATA.BIN.\n")
            .Append("errors: failed INT 13h sector calls in both OSes (each retried) plus XFER's failed calls; ")
            .Append("longest wait: the longest a VM was stopped for the floppy controller.\n");
        foreach (DemoResult r in results)
            if (!r.Completed) text.Append($"{r.Policy}: the run did not complete: {r.Ending}\n");
        return text.ToString();
    }

    public static string Json(IReadOnlyList<DemoResult> results, bool asInPatent, string verdict)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("runs");
            foreach (DemoResult r in results)
            {
                json.WriteStartObject();
                json.WriteString("policy", r.Policy);
                json.WriteBoolean("completed", r.Completed);
                json.WriteString("ending", r.Ending);
                json.WriteNumber("blocks", r.Blocks);
                json.WriteNumber("errors", r.Errors);
                json.WriteNumber("xferErrors", r.XferErrors);
                json.WriteNumber("diskErrors", r.DiskErrors);
                json.WriteNumber("retries", r.Retries);
                json.WriteNumber("motorStarts", r.MotorStarts);
                json.WriteNumber("motorOnSeconds", Math.Round(r.MotorOnNs / 1e9, 3));
                json.WriteNumber("fdcWaits", r.FdcWaits);
                json.WriteNumber("longestWaitSeconds", Math.Round(r.LongestWaitNs / 1e9, 3));
                json.WriteBoolean("copyMatches", r.CopyMatches);
                json.WriteNumber("rdirFiles", r.RdirFiles);
                json.WriteNumber("virtualSeconds", Math.Round(r.VirtualNs / 1e9, 3));
                json.WriteNumber("wallSeconds", Math.Round(r.Wall.TotalSeconds, 3));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("asInPatent", asInPatent);
            json.WriteString("verdict", verdict);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(long ns) => (ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture);
}
