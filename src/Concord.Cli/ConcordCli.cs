using System.CommandLine;
using Concord.Cli.Commands;
using Concord.Monitor.Machines;

namespace Concord.Cli;

/// <summary>
/// The <c>concord</c> command as a method: arguments and console streams in, exit status out. The
/// process entry calls it with the real console; tests call it with string writers.
/// </summary>
/// <remarks>
/// Bad input of any kind (unknown command or option, bad value, unusable image) gives exactly one
/// line on standard error and exit status <see cref="ExitStatuses.BadInput"/>. A bug in Concord
/// gives one line and <see cref="ExitStatuses.InternalError"/>; set <c>CONCORD_STACKTRACE=1</c> to
/// see the stack trace as well.
/// </remarks>
public static class ConcordCli
{
    /// <summary>The command's name, as users type it.</summary>
    public const string Name = "concord";

    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Help and version text.</param>
    /// <param name="stderr">Errors and notes about how a run ended.</param>
    /// <param name="guestOutput">Where the guest's debug console bytes go, unchanged; null sends them to
    /// <paramref name="stdout"/> as Latin-1 characters.</param>
    /// <param name="cancel">Stops a running machine between slices (Ctrl+C).</param>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Stream? guestOutput = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var console = new CliConsole(stdout, stderr, guestOutput, cancel);
        try
        {
            RootCommand root = BuildRootCommand(console);
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                console.Error(UsageErrors.Describe(parsed));
                return ExitStatuses.BadInput;
            }
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            return ReportBug(console, e);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>The one line for an exception nothing else caught: it is Concord's bug, never the user's input.</summary>
    internal static string BugMessage(Exception e) =>
        $"internal error: this is a bug in Concord, not a problem with your input or your guest; please report it with the command line. " +
        $"{e.GetType().Name}: {e.Message} (CONCORD_STACKTRACE=1 shows where)";

    private static int ReportBug(CliConsole console, Exception e)
    {
        console.Error(BugMessage(e));
        if (Environment.GetEnvironmentVariable("CONCORD_STACKTRACE") == "1") console.Err.WriteLine(e);
        return ExitStatuses.InternalError;
    }

    private static RootCommand BuildRootCommand(CliConsole console)
    {
        var root = new RootCommand(
            "concord: a virtual machine monitor for x86 real-mode operating systems. Several OSes run side by side on " +
            "one emulated PC, call each other's services through gates and share the floppy controller and the power " +
            "relay through a management table. 'run' boots the bundled two-OS system, a machine file or a diskette; 'exec' runs a DOS program in one and returns its exit code; " +
            "'disk' makes and changes FAT12 diskette images; 'demo' replays the patent's comparison.");
        root.Subcommands.Add(RunCommand.Build(console));
        root.Subcommands.Add(ExecCommand.Build(console));
        root.Subcommands.Add(DiskCommand.Build(console));
        root.Subcommands.Add(DemoCommand.Build(console));
        root.SetAction(_ =>
        {
            console.Error($"no command given; valid commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see '{Name} --help')");
            return ExitStatuses.BadInput;
        });
        return root;
    }
}
