namespace Concord.Cli;

/// <summary>The streams and cancellation one invocation of the command works with.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Err, Stream? GuestOutput, CancellationToken Cancel)
{
    /// <summary>
    /// Writes one line to standard error, prefixed with the command's name. Control characters (from a
    /// disk's names, a file's text or the command line) are shown as <c>\xNN</c>, so the line stays one
    /// line and the terminal obeys none of them.
    /// </summary>
    public void Error(string message) => Err.WriteLine($"{ConcordCli.Name}: {PrintableText.Escape(message)}");

    /// <summary>The stream the debug console (port E9h) writes to: this invocation's standard output.</summary>
    public Stream DebugConsoleSink() => GuestOutput ?? new TextWriterStream(Out);

    /// <summary>Whether standard input and output are a terminal the UI can use (only for the real process console).</summary>
    public bool HasTerminal => GuestOutput is not null && !Console.IsInputRedirected && !Console.IsOutputRedirected;
}
