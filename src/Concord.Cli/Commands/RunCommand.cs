using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord run</c>: the options, parsed and checked; every run then goes through
/// <see cref="MachineRun"/>: a machine file, the bundled system, or one diskette (<c>--floppy</c>, a
/// machine of one VM that boots drive A: through the BIOS), headless (steps, debug console on
/// standard output) or in the terminal UI.
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";
    public const string ExpectOption = "--expect";
    public const string SendOption = "--send";

    public static Command Build(CliConsole console)
    {
        var floppy = new Option<string>("--floppy")
        {
            Description = "Raw diskette image in drive A: (160K to 2.88M, or 1.23M); a PC of one VM boots from it. Without --floppy and --machine: the bundled system",
            HelpName = "IMAGE",
        };
        var floppyB = new Option<string>("--floppy-b")
        {
            Description = "Raw diskette image in drive B:",
            HelpName = "IMAGE",
        };
        var headless = new Option<bool>("--headless")
        {
            Description = "No terminal UI: bytes the guest writes to port E9h go to standard output",
        };
        var cpu = new Option<CpuModel?>("--cpu")
        {
            Description = $"CPU model: {CpuModels.ValidNames} (default {CpuModel.I80386.Name()}, with 4 MiB: 640K conventional and 3 MiB above 1 MiB)",
            HelpName = "MODEL",
            CustomParser = ParseCpu, // no DefaultValueFactory: help would print the enum name ("[default: I80286]")
        };
        var engine = new Option<EngineKind?>("--engine")
        {
            Description = "The engine every VM's CPU runs on: interp (the interpreter), jit (hot code compiled to .NET code) or auto " +
                          "(the jit on the 8086 and 80286, the interpreter on the 80386). Default: what the machine file says, auto for --floppy",
            HelpName = "ENGINE",
            CustomParser = ParseEngine,
        };
        var profile = new Option<PlatformProfile?>("--profile")
        {
            Description = $"The hardware the OS expects: {PlatformProfile.ValidNames} (default at; pc98: a NEC PC-98 with its own BIOS and 1.23M diskettes; nx is its old name)",
            HelpName = "PROFILE",
            CustomParser = ParseProfile,
        };
        var clock = new Option<ClockKind?>("--clock")
        {
            Description = $"Clock: virtual (time from instructions, 100 ns each; a halted CPU skips ahead; reproducible) or realtime (the host's clock). Default: virtual with --headless, realtime otherwise",
            HelpName = "CLOCK",
            CustomParser = ParseClock,
        };
        var expect = new Option<string[]>(ExpectOption)
        {
            Description = "Wait until TEXT is on the screen (a step; steps run in the order given)",
            HelpName = "TEXT",
            AllowMultipleArgumentsPerToken = false,
        };
        var send = new Option<string[]>(SendOption)
        {
            Description = "Type KEYS on the keyboard (a step; escapes \\r \\n \\t \\e \\b \\\\ \\xNN)",
            HelpName = "KEYS",
            AllowMultipleArgumentsPerToken = false,
        };
        var untilOff = new Option<bool>("--until-off")
        {
            Description = "When the steps are done, run on until the machine powers off (status 0) instead of ending there",
        };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Stop the run after this many seconds of host (wall-clock) time, with exit status 3 (default: no limit)",
            HelpName = "SECONDS",
            CustomParser = ParseTimeout,
        };
        var screen = new Option<string>("--screen")
        {
            Description = "Write the final 80x25 screen to FILE as text (also on a timeout)",
            HelpName = "FILE",
        };

        var machineFile = new Option<string>("--machine")
        {
            Description = "Run a machine of several VMs from a machine file (TOML; docs/machine-file.md). Without --machine and --floppy: the bundled system (docs/multi-vm.md). Steps and --screen then take VM:TEXT",
            HelpName = "FILE",
        };
        var trace = new Option<string>("--trace")
        {
            Description = "Write the machine's trace to FILE as JSON Lines: every change of the management table and every step of a gate call",
            HelpName = "FILE",
        };
        var tracePorts = new Option<bool>("--trace-ports")
        {
            Description = "With --trace: also every byte each VM writes to a port",
        };
        var screenDir = new Option<string>("--screen-dir")
        {
            Description = "Write each VM's final screen to DIR/<vm>.txt (the VM of --floppy is called pc)",
            HelpName = "DIR",
        };

        var mount = MountOption.Build();

        var command = new Command(Name,
            "Boot a machine: the bundled two-OS system (no --floppy, no --machine), a machine file (--machine), or a PC of " +
            "one VM from a diskette image (--floppy), through the Concord BIOS. Exit status: 0 when the guest powers off, " +
            "the steps complete or you quit; the guest's (v<<1)|1 after 'out 0F4h, al' with al=v; 2 for bad input; " +
            "3 on timeout; 4 for an invalid opcode or CPU shutdown; 6 when a step was never met because the guest halted for good " +
            "or the machine powered off first (the note names the step); 130 when interrupted. " +
            "In the terminal UI, Ctrl+] quits and Ctrl+C interrupts.")
        {
            floppy, floppyB, headless, cpu, engine, profile, clock, expect, send, untilOff, timeout, screen, machineFile, trace, tracePorts, screenDir, mount,
        };
        // Not Required = true: a missing --floppy is checked in the action, so that errors about the
        // options given come first (the parser skips option checks once a command-level one fails).
        command.SetAction(parse =>
        {
            string? machinePath = parse.GetValue(machineFile);
            if (machinePath is not null || (parse.GetValue(floppy) is null && parse.GetValue(floppyB) is null))
            {
                if (parse.GetValue(floppy) is not null || parse.GetValue(floppyB) is not null)
                {
                    console.Error($"{Name}: --machine and --floppy/--floppy-b do not go together; the machine file names its drives");
                    return ExitStatuses.BadInput;
                }
                if (!TryReadSteps(parse, out var machineSteps, out string machineError))
                {
                    console.Error($"{Name}: {machineError}");
                    return ExitStatuses.BadInput;
                }
                return MachineRun.Execute(console, new MachineRun.Settings
                {
                    MachineFile = machinePath,
                    Headless = parse.GetValue(headless),
                    Steps = machineSteps,
                    UntilOff = parse.GetValue(untilOff),
                    Timeout = parse.GetValue(timeout),
                    Screen = parse.GetValue(screen),
                    ScreenDir = parse.GetValue(screenDir),
                    Trace = parse.GetValue(trace),
                    TracePorts = parse.GetValue(tracePorts),
                    Clock = parse.GetValue(clock),
                    Engine = parse.GetValue(engine),
                    Mounts = parse.GetValue(mount) ?? [],
                });
            }
            if (parse.GetValue(floppy) is not { } image)
            {
                console.Error($"{Name}: missing --floppy IMAGE; give the path of a raw diskette image (e.g. a 1.44 MB .img)");
                return ExitStatuses.BadInput;
            }
            if (!TryReadSteps(parse, out var steps, out string error))
            {
                console.Error($"{Name}: {error}");
                return ExitStatuses.BadInput;
            }
            bool isHeadless = parse.GetValue(headless);
            if (CheckDiskettes(console, image, parse.GetValue(floppyB), isHeadless, steps, parse.GetValue(screen)) is { } bad) return bad;
            ClockKind chosenClock = parse.GetValue(clock) ?? (isHeadless ? ClockKind.Virtual : ClockKind.Realtime);
            return MachineRun.Execute(console, new MachineRun.Settings
            {
                Diskettes = MachineSpec.ForDiskettes(image, parse.GetValue(floppyB), parse.GetValue(profile) ?? PlatformProfile.At,
                    parse.GetValue(cpu) ?? CpuModel.I80386, chosenClock, parse.GetValue(engine) ?? EngineKind.Auto),
                Headless = isHeadless,
                Steps = steps,
                UntilOff = parse.GetValue(untilOff),
                Timeout = parse.GetValue(timeout),
                Screen = parse.GetValue(screen),
                ScreenDir = parse.GetValue(screenDir),
                Trace = parse.GetValue(trace),
                TracePorts = parse.GetValue(tracePorts),
                Mounts = parse.GetValue(mount) ?? [],
            });
        });
        return command;
    }

    /// <summary>
    /// The --expect and --send steps in command-line order. The parser keeps each option's values in
    /// order but not how the two options interleave, so the order comes from the token list.
    /// </summary>
    internal static bool TryReadSteps(ParseResult parse, out List<AutomationStep> steps, out string error)
    {
        steps = [];
        error = "";
        IReadOnlyList<Token> tokens = parse.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            Token t = tokens[i];
            if (t.Type != TokenType.Option || (t.Value != ExpectOption && t.Value != SendOption)) continue;
            if (i + 1 >= tokens.Count || tokens[i + 1].Type != TokenType.Argument)
            {
                error = $"option '{t.Value}' needs a value";
                return false;
            }
            string raw = tokens[++i].Value;
            if (!KeyText.TryUnescape(raw, out string text, out string escapeError))
            {
                error = $"{t.Value} {escapeError}";
                return false;
            }
            if (t.Value == ExpectOption)
            {
                if (text.Length == 0)
                {
                    error = $"{ExpectOption} needs some text to wait for";
                    return false;
                }
                steps.Add(new AutomationStep.Expect(text));
            }
            else
            {
                if (KeyText.FindUntypable(text) is { } untypable)
                {
                    error = $"{SendOption} '{raw}': {untypable}";
                    return false;
                }
                steps.Add(new AutomationStep.Send(text));
            }
        }
        return true;
    }

    /// <summary>The checks of a --floppy run that come before the machine is built; null when all pass, else the exit status after the message.</summary>
    private static int? CheckDiskettes(CliConsole console, string floppy, string? floppyB, bool headless, List<AutomationStep> steps, string? screen)
    {
        string? problem = null;
        if (!headless && !console.HasTerminal)
            problem = "the terminal UI needs a terminal on standard input and output; add --headless to run without it (port E9h output then goes to standard output)";
        else if (!headless && steps.Count > 0) problem = $"{ExpectOption} and {SendOption} steps need --headless";
        else problem = CheckImagePath(floppy, "--floppy")
            ?? (floppyB is not null ? CheckImagePath(floppyB, "--floppy-b") : null)
            ?? (screen is not null ? CheckScreenPath(screen) : null);
        if (problem is null) return null;
        console.Error($"{Name}: {problem}");
        return ExitStatuses.BadInput;
    }

    /// <summary>A message for a path that cannot be an image (empty, a folder, missing), or null; sizes and locks are checked on opening.</summary>
    private static string? CheckImagePath(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) return $"{option} needs the path of a raw diskette image";
        if (Directory.Exists(path)) return $"floppy image '{path}' is a folder, not a diskette image; give the path of a raw image file (e.g. a 1.44 MB .img)";
        if (!File.Exists(path)) return $"floppy image '{path}' does not exist; give the path of a raw image file (e.g. a 1.44 MB .img)";
        return null;
    }

    private static string? CheckScreenPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "--screen needs a file name";
        if (Directory.Exists(path)) return $"--screen '{path}' is a folder; give a file name";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder)) return $"--screen '{path}': the folder '{folder}' does not exist";
        return null;
    }

    private static EngineKind? ParseEngine(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (EngineKinds.TryParse(text, out EngineKind kind)) return kind;
        result.AddError($"unknown engine '{text}' for --engine; valid engines: {EngineKinds.ValidNames}");
        return null;
    }

    private static CpuModel? ParseCpu(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (CpuModels.TryParse(text, out CpuModel model)) return model;
        result.AddError($"unknown CPU model '{text}' for --cpu; valid models: {CpuModels.ValidNames}");
        return default;
    }

    private static PlatformProfile? ParseProfile(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (PlatformProfile.Find(text.Trim()) is { } found) return found;
        result.AddError($"unknown profile '{text}' for --profile; valid profiles: {PlatformProfile.ValidNames}");
        return null;
    }

    private static ClockKind? ParseClock(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ClockKinds.TryParse(text, out ClockKind kind)) return kind;
        result.AddError($"unknown clock '{text}' for --clock; valid clocks: {ClockKinds.ValidNames}");
        return null;
    }

    internal static TimeSpan? ParseTimeout(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            return TimeSpan.FromSeconds(seconds);
        result.AddError($"--timeout '{text}' is not a positive number of seconds; give e.g. 10 or 0.5");
        return null;
    }
}
