namespace Concord.Cli.Demo;

/// <summary>
/// Whether the demo's figures say what the patent says: under <c>any</c> (the management table) the
/// copy completes with no errors and no VM waits long for the controller, while each of the other
/// policies shows errors or a long wait. Figures that say otherwise mean the scenario or the devices
/// are wrong, and the demo says so (and exits with <see cref="Commands.DemoCommand.Contradicts"/>).
/// </summary>
internal static class DemoVerdict
{
    /// <summary>Judges <paramref name="results"/>; the text names every figure that goes against the patent.</summary>
    public static (bool AsInPatent, string Text) Judge(IReadOnlyList<DemoResult> results)
    {
        var against = new List<string>();
        foreach (DemoResult r in results)
        {
            if (!r.Completed) continue; // said already: the run did not complete
            bool clean = r.Errors == 0 && r.LongestWaitNs <= DemoReport.LongWaitNs && r.CopyMatches;
            if (r.Policy == "any" && !clean)
                against.Add($"any gave {r.Errors} errors, a longest wait of {r.LongestWaitNs / 1e9:0.00} s and a copy that is {(r.CopyMatches ? "the same" : "different")}; the patent's table gives none of these");
            else if (r.Policy != "any" && clean)
                against.Add($"{r.Policy} gave no errors and no long wait, which only the patent's table should");
        }
        if (results.Any(r => !r.Completed) || !results.Any(r => r.Policy == "any"))
            return (false, "verdict: not judged: " + (results.Any(r => r.Policy == "any") ? "a run did not complete" : "no run under any"));
        return against.Count == 0
            ? (true, "verdict: as in the patent: only the management table (any) copies without errors and without long waits.")
            : (false, "verdict: NOT as in the patent (the scenario or the devices are wrong): " + string.Join("; ", against) + ".");
    }
}
