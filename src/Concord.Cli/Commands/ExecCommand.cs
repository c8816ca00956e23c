using System.CommandLine;
using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Devices.Video;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord exec [--floppy IMAGE | --machine FILE [--vm NAME]] [--mount ...] [--timeout S] -- COMMAND LINE</c>:
/// boots the machine headless, and once the VM's DOS is idle at its prompt runs the command line
/// through that DOS's own EXEC (<see cref="MachineDosSessions.Exec"/>), its console output on
/// standard output as it comes, and exits with the program's exit code.
/// </summary>
internal static class ExecCommand
{
    public const string Name = "exec";

    /// <summary>The program was not found (as a POSIX shell says it).</summary>
    public const int NotFound = 127;

    /// <summary>EXEC found the program but refused to run it (not enough memory, bad format; a batch file or an internal command with no COMSPEC set).</summary>
    public const int CannotRun = 126;

    public static Command Build(CliConsole console)
    {
        var floppy = new Option<string>("--floppy")
        {
            Description = "Raw diskette image in drive A: that a PC of one VM boots (a copy is not made: the program's changes stay on it). Without --floppy and --machine: the bundled system's parent",
            HelpName = "IMAGE",
        };
        var machineFile = new Option<string>("--machine")
        {
            Description = "Boot a machine file (docs/machine-file.md) and run the command in its parent VM, or in --vm",
            HelpName = "FILE",
        };
        var vm = new Option<string>("--vm")
        {
            Description = "With --machine (or the bundled system): the VM whose DOS runs the command (default: the parent)",
            HelpName = "NAME",
        };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Give up after this many seconds of host time, boot included, with exit status 3 (default: no limit)",
            HelpName = "SECONDS",
            CustomParser = RunCommand.ParseTimeout,
        };
        var mount = MountOption.Build();
        var line = new Argument<string[]>("COMMAND")
        {
            Description = "The program and its arguments, after --, e.g. -- D:\\PROG.EXE /X 3 (a name without extension tries .COM, .EXE, then .BAT; a bare name the current directory, then the DOS's PATH; batch files and internal commands such as DIR run through COMSPEC /C)",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command(Name,
            "Boot a machine headless, wait until its DOS is idle at the prompt, run COMMAND through the DOS's own EXEC " +
            "(INT 21h AX=4B00h, as the shell would) and pass the program's console output to standard output as it appears. " +
            "Exit status: the program's exit code (INT 21h AH=4Dh, 0-255); 127 when DOS finds no such program; 126 when " +
            "EXEC refuses it; 2 for bad input; 3 on timeout; 4 when a VM faults; 6 when the machine stopped before the " +
            "command ended; 130 when interrupted. Messages from concord itself go to standard error.")
        {
            floppy, machineFile, vm, mount, timeout, line,
        };
        command.SetAction(parse =>
        {
            string[] words = parse.GetValue(line) ?? [];
            if (words.Length == 0)
            {
                console.Error($"{Name}: no command given; put it after --, e.g. concord exec --mount D=. -- D:\\PROG.COM /X");
                return ExitStatuses.BadInput;
            }
            return Execute(console, parse.GetValue(floppy), parse.GetValue(machineFile), parse.GetValue(vm),
                parse.GetValue(mount) ?? [], parse.GetValue(timeout), string.Join(' ', words));
        });
        return command;
    }

    private static int Execute(CliConsole console, string? floppy, string? machineFile, string? vmName, string[] mounts, TimeSpan? timeout, string commandLine)
    {
        if (floppy is not null && machineFile is not null)
        {
            console.Error($"{Name}: --machine and --floppy do not go together; the machine file names its drives");
            return ExitStatuses.BadInput;
        }
        if (floppy is not null && vmName is not null)
        {
            console.Error($"{Name}: --vm needs --machine (or the bundled system); the PC of --floppy has one VM");
            return ExitStatuses.BadInput;
        }

        var writer = new ConsoleBytes(console.Out);
        if (DosCommand.Parse(commandLine, writer.Write, out string lineError) is not { } dosCommand)
        {
            console.Error($"{Name}: {lineError}");
            return ExitStatuses.BadInput;
        }

        MachineSpec spec;
        if (floppy is not null)
        {
            if (!File.Exists(floppy))
            {
                console.Error($"{Name}: floppy image '{floppy}' does not exist; give the path of a raw image file (e.g. a 1.44 MB .img)");
                return ExitStatuses.BadInput;
            }
            spec = MachineSpec.ForDiskettes(floppy, null, PlatformProfile.At, CpuModel.I80386, ClockKind.Virtual); // as run --floppy
        }
        else if (!MachineRun.TryLoad(console, new MachineRun.Settings { MachineFile = machineFile, Headless = true }, out spec, Name))
            return ExitStatuses.BadInput;
        if (!MountOption.TryApply(spec, mounts, out spec, out string mountError))
        {
            console.Error($"{Name}: {mountError}");
            return ExitStatuses.BadInput;
        }
        string target = vmName ?? spec.Parent.Name;
        if (spec.Vm(target) is null)
        {
            console.Error($"{Name}: --vm '{target}': no such VM; the machine has {string.Join(", ", spec.Vms.Select(v => v.Name))}");
            return ExitStatuses.BadInput;
        }

        Machine machine;
        try
        {
            machine = new Machine(spec, new MachineOptions());
        }
        catch (Exception e) when (e is FloppyImageException or MachineConfigurationException)
        {
            console.Error($"{Name}: {e.Message}");
            return ExitStatuses.BadInput;
        }

        MachineOutcome outcome;
        DosSession session;
        try
        {
            MachineVm vm = machine.Vm(target);
            session = machine.DosSessions.Open(vm);
            machine.DosSessions.Exec(vm, dosCommand);
            outcome = machine.Run(new MachineRunOptions { EndWhen = () => dosCommand.Done, Timeout = timeout }, console.Cancel);
            writer.Flush();
            foreach (string diskError in machine.DiskWriteErrors()) console.Error($"{Name}: {diskError}");
        }
        catch (MachineConfigurationException e)
        {
            console.Error($"{Name}: {e.Message}");
            return ExitStatuses.BadInput;
        }
        finally
        {
            machine.Dispose();
        }

        if (outcome.Stop == StopReason.Finished && dosCommand.Result is { } result)
        {
            if (result.Ran) return result.ExitCode;
            if (result.NotFound)
            {
                string tried = string.Join(", ", dosCommand.Tried.Count > 0 ? dosCommand.Tried : dosCommand.Candidates());
                console.Error($"{Name}: {dosCommand.Program}: no such program in VM {target}'s DOS (tried {tried}; give its drive and path, e.g. D:\\PROG.COM, or put its directory in the DOS's PATH)");
                return NotFound;
            }
            console.Error($"{Name}: {result}" + (session.Problem is { } problem ? $" ({problem})" : ""));
            return CannotRun;
        }
        if (outcome.Stop == StopReason.Timeout)
        {
            console.Error($"{Name}: timed out after {outcome.Elapsed.TotalSeconds:0.###} s of host time: {session.Describe()} (exit status {ExitStatuses.Timeout})");
            return ExitStatuses.Timeout;
        }
        int status = outcome.ExitStatus == ExitStatuses.Success ? ExitStatuses.StepUnmet : outcome.ExitStatus;
        console.Error($"{Name}: the machine stopped before the command ended: {outcome.Describe()}; {session.Describe()}");
        return status;
    }

    /// <summary>The program's console bytes (code page 437) as characters on standard output, flushed at each line's end.</summary>
    private sealed class ConsoleBytes(TextWriter output)
    {
        public void Write(byte b)
        {
            if (b == 0x0D) return; // DOS ends lines with CR LF; the host's line ends are LF
            output.Write(b is 0x0A or 0x09 or 0x08 or 0x07 ? (char)b : Cp437.ToChar(b));
            if (b == 0x0A) output.Flush();
        }

        public void Flush() => output.Flush();
    }
}
