namespace Concord.Cli;

/// <summary>The process entry: wires the real console to <see cref="ConcordCli"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // let the machine stop between slices and report where it was
            cancel.Cancel();
        };
        using Stream stdout = Console.OpenStandardOutput();
        using var guestOutput = new BufferedStream(stdout, 4096);
        int status = ConcordCli.Run(args, Console.Out, Console.Error, guestOutput, cancel.Token);
        guestOutput.Flush();
        return status;
    }
}
