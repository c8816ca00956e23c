namespace Concord.Architecture.Tests;

/// <summary>
/// Inside the monitor, the namespaces (one per folder) form layers too: no two of them use each
/// other, directly or round a loop, so each can be read with only those below it in mind.
/// </summary>
public sealed class NamespaceTests
{
    [Fact]
    public void The_monitors_namespaces_use_each_other_without_a_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(Monitor.Machines.Machine).Assembly);

        IReadOnlyList<string>? cycle = NamespaceGraph.FindCycle(graph);

        Assert.True(cycle is null, "namespaces that use each other round a loop: " + string.Join(" -> ", cycle ?? []) + Environment.NewLine
            + string.Join(Environment.NewLine, graph.Select(e => $"{e.Key} uses {string.Join(", ", e.Value)}")));
        Assert.True(graph.Count >= 8, $"only {graph.Count} namespaces were seen: the reader misses code");
    }

    [Fact]
    public void The_reader_sees_a_use_made_only_inside_a_method_body()
    {
        // Machines uses Tracing only in method bodies and signatures; Gates uses Table (VmId) in signatures.
        var graph = NamespaceGraph.Of(typeof(Monitor.Machines.Machine).Assembly);
        Assert.Contains("Concord.Monitor.Table", graph["Concord.Monitor.Gates"]);
        Assert.Contains("Concord.Monitor.Sharing", graph["Concord.Monitor.Machines"]);
    }

    [Fact]
    public void A_cycle_is_found_and_named()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };
        Assert.Equal(["A", "B", "C", "A"], NamespaceGraph.FindCycle(graph));
        graph["C"] = [];
        Assert.Null(NamespaceGraph.FindCycle(graph));
    }
}
