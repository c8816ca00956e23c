using System.Runtime.InteropServices;

namespace Concord.Cli;

/// <summary>The process entry: wires the real console and the host's signals to <see cref="ConcordCli"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl+C (SIGINT), SIGTERM and SIGHUP stop the machine between slices: the run ends through
        // its normal path, which flushes and closes the disk images, and reports where the guest was.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        using Stream stdout = Console.OpenStandardOutput();
        using var guestOutput = new BufferedStream(stdout, 4096);
        int status = ConcordCli.Run(args, Console.Out, Console.Error, guestOutput, cancel.Token);
        guestOutput.Flush();
        return status;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }
}
