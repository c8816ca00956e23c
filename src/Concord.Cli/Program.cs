using System.Runtime.InteropServices;

namespace Concord.Cli;

/// <summary>The process entry: wires the real console and the host's signals to <see cref="ConcordCli"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // An exception on another thread (the terminal's key reader, a timer) would end the process
        // with a runtime stack dump: it is a bug of ours all the same, said in one line, status 70.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Error.WriteLine($"{ConcordCli.Name}: {ConcordCli.BugMessage(e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString()))}");
            if (Environment.GetEnvironmentVariable("CONCORD_STACKTRACE") == "1") Console.Error.WriteLine(e.ExceptionObject);
            Console.Error.Flush();
            Environment.Exit(Monitor.Machines.ExitStatuses.InternalError);
        };
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
