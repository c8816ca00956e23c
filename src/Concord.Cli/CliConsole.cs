using Concord.Devices.Debug;

namespace Concord.Cli;

/// <summary>The streams and cancellation one invocation of the command works with.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Err, Stream? GuestOutput, CancellationToken Cancel)
{
    /// <summary>Writes one line to standard error, prefixed with the command's name.</summary>
    public void Error(string message) => Err.WriteLine($"{ConcordCli.Name}: {message}");

    /// <summary>The debug console device writing to this invocation's standard output.</summary>
    public DebugConsole CreateDebugConsole() => GuestOutput is not null ? new DebugConsole(GuestOutput) : new DebugConsole(Out);
}
