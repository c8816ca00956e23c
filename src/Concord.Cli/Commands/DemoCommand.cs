using System.CommandLine;
using System.Globalization;
using Concord.Cli.Demo;
using Concord.Monitor.Machines;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord demo</c>: the patent's scenario, unattended: the same two-OS machine (docs/machines/demo-*.toml)
/// run under the management table's <c>any</c> policy (the patent), <c>passthrough</c> and
/// <c>exclusive</c>, headless on the virtual clock; one table (or JSON) compares them.
/// </summary>
/// <remarks>
/// Exit status: 0 when every run completed and the figures agree with the patent; 1 when a run did not
/// complete (timeout, fault); 2 for bad input; 3 when the figures contradict the patent (<see cref="DemoVerdict"/>).
/// </remarks>
internal static class DemoCommand
{
    public const string Name = "demo";

    /// <summary>Every run completed (its power cut after all its steps).</summary>
    public const int Completed = 0;

    /// <summary>A run timed out or faulted; the table says which and how.</summary>
    public const int Incomplete = 1;

    /// <summary>Every run completed, but the figures go against the patent (the verdict line says how).</summary>
    public const int Contradicts = 3;

    public static Command Build(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON instead of a table" };
        var keep = new Option<string?>("--keep")
        {
            Description = "Keep each run's images and transcripts in DIR/POLICY (default: a temporary folder, deleted)",
            HelpName = "DIR",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Host seconds each run may take at most (default 60)",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command(Name,
            "Run the patent's scenario unattended: a guest app copies a multi-block file from the parent's disk through the " +
            "parent's DOS, back again and compares them (XFER over INT E0h) while the parent lists the guest's disk through " +
            "the guest's DOS (RDIR), both " +
            "OSes driving the one floppy controller; once per policy of the motor row (any = the patent, passthrough, " +
            "exclusive = the prior art), on the virtual clock. Prints blocks copied, errors, retries, motor starts, " +
            "motor-on time, the longest wait for the controller, virtual and wall time, whether both copies match, and a " +
            "verdict: whether only the patent's policy copied without errors and long waits. Exit status: 0 every run " +
            "completed and the figures agree with the patent, 1 a run did not complete, 2 bad input, 3 the figures " +
            "contradict the patent.")
        {
            json, keep, timeout,
        };
        command.SetAction(parse =>
        {
            double seconds = parse.GetValue(timeout);
            if (!(seconds > 0) || seconds > 3600)
            {
                console.Error($"{Name}: --timeout {seconds.ToString(CultureInfo.InvariantCulture)}: valid values are more than 0 and at most 3600 seconds");
                return ExitStatuses.BadInput;
            }
            string? kept = parse.GetValue(keep);
            string root = kept ?? Path.Combine(Path.GetTempPath(), "concord-demo-" + Guid.NewGuid().ToString("N"));
            var results = new List<DemoResult>();
            try
            {
                foreach (string policy in DemoScenario.Policies)
                {
                    if (console.Cancel.IsCancellationRequested) break;
                    string folder = Path.Combine(root, policy);
                    Directory.CreateDirectory(folder);
                    results.Add(DemoRunner.Run(policy, folder, TimeSpan.FromSeconds(seconds)));
                }
            }
            finally
            {
                if (kept is null)
                {
                    try { Directory.Delete(root, recursive: true); }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
            }
            (bool asInPatent, string verdict) = DemoVerdict.Judge(results);
            console.Out.Write(parse.GetValue(json) ? DemoReport.Json(results, asInPatent, verdict) : DemoReport.Table(results) + verdict + "\n");
            if (results.Count < DemoScenario.Policies.Count || !results.All(r => r.Completed)) return Incomplete;
            return asInPatent ? Completed : Contradicts;
        });
        return command;
    }
}
