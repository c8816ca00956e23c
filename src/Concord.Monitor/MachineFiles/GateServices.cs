using System.Collections.Immutable;
using System.Globalization;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// The services a gate passes (its <c>allow</c> list): values of AH at the caller's INT, as single
/// values or ranges. A call asking for any other service is refused before the callee sees it.
/// </summary>
public sealed class GateServices
{
    private readonly ImmutableArray<(byte First, byte Last)> _ranges;

    /// <param name="ranges">Inclusive ranges of AH values; a single value is a range of one.</param>
    public GateServices(IEnumerable<(byte First, byte Last)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        _ranges = [.. ranges.OrderBy(r => r.First)];
        foreach (var (first, last) in _ranges)
            if (last < first) throw new ArgumentException($"the range {first:X2}h-{last:X2}h ends before it starts", nameof(ranges));
    }

    public ImmutableArray<(byte First, byte Last)> Ranges => _ranges;

    /// <summary>Whether the gate passes a call with <paramref name="ah"/> in AH.</summary>
    public bool Contains(byte ah)
    {
        foreach (var (first, last) in _ranges)
            if (ah >= first && ah <= last) return true;
        return false;
    }

    /// <summary>As a machine file could write it: <c>19h, 3Ch-40h</c>.</summary>
    public override string ToString() => string.Join(", ", _ranges.Select(r =>
        r.First == r.Last
            ? string.Create(CultureInfo.InvariantCulture, $"{r.First:X2}h")
            : string.Create(CultureInfo.InvariantCulture, $"{r.First:X2}h-{r.Last:X2}h")));
}
