using System.CommandLine;

namespace Concord.Cli.Commands;

/// <summary>
/// A subcommand with a one-line usage (<c>put IMAGE HOSTFILE [DOSPATH]</c>), so that a missing
/// argument is answered with its name and the usage, whether the parser or the action finds it.
/// </summary>
internal sealed class UsageCommand(string name, string description, string usage) : Command(name, description)
{
    /// <summary>The usage after the parent's name, e.g. "put IMAGE HOSTFILE [DOSPATH]".</summary>
    public string Usage { get; } = usage;

    /// <summary>"missing HOSTFILE; usage: concord disk put IMAGE HOSTFILE [DOSPATH]".</summary>
    public static string Missing(string what, UsageCommand command) =>
        $"missing {what}; usage: {ConcordCli.Name} {command.Parents.OfType<Command>().FirstOrDefault()?.Name} {command.Usage}";
}
