using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Concord.Core.Cpu;
using Concord.Monitor.Bare;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord run</c>: builds a machine from <see cref="RunSettings"/> and runs it to the end. Today
/// the only machine is the bare boot-sector machine (headless); the PC with BIOS comes next.
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";

    public static Command Build(CliConsole console)
    {
        var floppy = new Option<string>("--floppy")
        {
            Description = "Raw floppy image to boot; its first 512-byte sector is loaded at 0000:7C00 (required)",
            HelpName = "IMAGE",
        };
        var headless = new Option<bool>("--headless")
        {
            Description = "Run without a terminal UI: bytes the guest writes to port E9h go to standard output (required for now)",
        };
        var cpu = new Option<CpuModel>("--cpu")
        {
            Description = $"CPU model: {CpuModels.ValidNames} (default {CpuModel.I8086.Name()})",
            HelpName = "MODEL",
            CustomParser = ParseCpu,
        };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Stop the run after this many seconds of host time, with exit status 124 (default: no limit)",
            HelpName = "SECONDS",
            CustomParser = ParseTimeout,
        };

        var command = new Command(Name,
            "Boot a floppy image. Exit status: the guest's (v<<1)|1 after 'out 0F4h, al' with al=v; " +
            "0 when it halts; 2 for bad input; 4 for an invalid opcode or CPU shutdown; 124 on timeout.")
        {
            floppy, headless, cpu, timeout,
        };
        // Not Required = true: a missing --floppy is checked in the action, so that errors about the
        // options given come first (the parser skips option checks once a command-level one fails).
        command.SetAction(parse =>
        {
            if (parse.GetValue(floppy) is not { } image)
            {
                console.Error($"{Name}: missing --floppy IMAGE; give the path of a raw floppy image (at least 512 bytes)");
                return ExitStatuses.BadInput;
            }
            return Execute(console, new RunSettings
            {
                Floppy = image,
                Headless = parse.GetValue(headless),
                Cpu = parse.GetValue(cpu),
                Timeout = parse.GetValue(timeout),
            });
        });
        return command;
    }

    private static int Execute(CliConsole console, RunSettings settings)
    {
        if (!settings.Headless)
        {
            console.Error($"{Name}: the terminal UI does not exist yet; add --headless to send the guest's port E9h output to standard output");
            return ExitStatuses.BadInput;
        }

        byte[] sector;
        try
        {
            sector = BootImage.ReadBootSector(settings.Floppy);
        }
        catch (BootImageException e)
        {
            console.Error($"{Name}: {e.Message}");
            return ExitStatuses.BadInput;
        }

        var options = new BootSectorMachineOptions { Model = settings.Cpu, Timeout = settings.Timeout };
        using var machine = new BootSectorMachine(options, sector, console.CreateDebugConsole());
        MachineOutcome outcome = machine.Run(console.Cancel);
        if (outcome.IsNoteworthy) console.Error(outcome.Describe());
        return outcome.ExitStatus;
    }

    private static CpuModel ParseCpu(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (CpuModels.TryParse(text, out CpuModel model)) return model;
        result.AddError($"unknown CPU model '{text}' for --cpu; valid models: {CpuModels.ValidNames}");
        return default;
    }

    private static TimeSpan? ParseTimeout(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            return TimeSpan.FromSeconds(seconds);
        result.AddError($"--timeout '{text}' is not a positive number of seconds; give e.g. 10 or 0.5");
        return null;
    }
}
