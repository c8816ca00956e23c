
namespace Concord.Cli.Tests;

/// <summary>What one in-process run of the <c>concord</c> command returned and printed.</summary>
internal sealed record CliRun(int Status, string Stdout, string Stderr)
{
    /// <summary>Runs the command in this process with string writers for its console.</summary>
    public static CliRun Invoke(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int status = ConcordCli.Run(args, stdout, stderr);
        return new CliRun(status, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Standard error's lines, without the final line break.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
