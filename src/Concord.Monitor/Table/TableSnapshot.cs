using System.Globalization;
using System.Text;

namespace Concord.Monitor.Table;

/// <summary>The management table at one instant, as plain values (for a UI, a report, a test).</summary>
public sealed record TableSnapshot(long TimeNs, IReadOnlyList<VmColumn> Vms, IReadOnlyList<RowSnapshot> Rows)
{
    /// <summary>
    /// The table as fixed-width text: one line per row with device.field, policy, each VM's
    /// requested value ("-" never asked), the effective value (or holder and waiters for a lease),
    /// and the counters.
    /// </summary>
    public string Format()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{"field",-16} {"policy",-11}");
        foreach (var vm in Vms) text.Append(inv, $" {Truncate(vm.Name, 8),8}");
        text.Append(inv, $" {"device",10} {"requests",9} {"suppr.",7} {"trans.",7}").AppendLine();
        foreach (var row in Rows)
        {
            text.Append(inv, $"{Truncate(row.Device + "." + row.Field, 16),-16} {row.Policy.ToString().ToLowerInvariant(),-11}");
            foreach (var value in row.Requested) text.Append(inv, $" {(value < 0 ? "-" : value.ToString(inv)),8}");
            string effective;
            if (!row.IsLease) effective = row.Effective.ToString(inv);
            else
            {
                effective = row.Holder.IsNone ? "free" : Vms[row.Holder.Value].Name;
                if (row.Waiting.Count > 0) effective += "+" + row.Waiting.Count.ToString(inv);
            }
            text.Append(inv, $" {Truncate(effective, 10),10} {row.Requests,9} {row.Suppressed,7} {row.Transitions,7}").AppendLine();
        }
        return text.ToString();
    }

    private static string Truncate(string s, int width) => s.Length <= width ? s : s[..width];
}
