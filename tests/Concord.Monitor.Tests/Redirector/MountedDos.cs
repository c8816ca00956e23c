using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.Redirector;

/// <summary>
/// A DOS booted from a copy of a diskette with host folders mounted, typed at like a user: each
/// <see cref="Command"/> clears the screen, types the line and waits for the prompt to come back,
/// and returns what the command wrote.
/// </summary>
internal sealed class MountedDos : IDisposable
{
    private readonly TempFiles _temp = new();

    public MountedDos(string diskette, string prompt, params (char Letter, bool ReadOnly)[] mounts)
    {
        Prompt = prompt;
        Image = _temp.Write("boot.img", File.ReadAllBytes(diskette));
        var specs = new List<MountSpec>();
        foreach (var (letter, readOnly) in mounts)
        {
            string folder = Path.Combine(_temp.Folder, "host-" + letter);
            Directory.CreateDirectory(folder);
            Folders[letter] = folder;
            specs.Add(new MountSpec(MachineSpec.SoloVmName, letter, folder, readOnly));
        }
        Spec = MachineSpec.ForDiskettes(Image, null, PlatformProfile.At, CpuModel.I80286, ClockKind.Virtual) with { Mounts = [.. specs] };
        Machine = new Machine(Spec);
    }

    public static MountedDos FreeDos(params (char Letter, bool ReadOnly)[] mounts) =>
        new(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"), "A:\\>", mounts);

    public string Prompt { get; }

    public string Image { get; }

    public MachineSpec Spec { get; }

    public Machine Machine { get; }

    public MachineVm Vm => Machine.Vms[0];

    public Dictionary<char, string> Folders { get; } = [];

    /// <summary>The host path of <paramref name="name"/> in drive <paramref name="letter"/>'s folder.</summary>
    public string HostPath(char letter, string name) => Path.Combine(Folders[letter], name);

    /// <summary>
    /// Boots to the prompt and waits until the machine has asked the DOS (at its first idle moment)
    /// and installed the mounted drives.
    /// </summary>
    public MountedDos Boot()
    {
        Run(new AutomationStep.Expect(Prompt));
        DosSession session = Machine.DosSessions.Session(Vm)!;
        RunUntil(() => session.State != Concord.Monitor.Gates.DosState.Learning);
        Assert.Equal(Concord.Monitor.Gates.DosState.Known, session.State);
        Assert.Null(session.MountProblem);
        Assert.All(Machine.Mounts.Redirector(Vm)!.Installed, d => Assert.Null(d.Problem));
        return this;
    }

    /// <summary>Runs <paramref name="line"/> through the DOS's EXEC from the host; the program's console output and how it ended.</summary>
    public (DosCommandResult Result, string Output) Exec(string line, TimeSpan? timeout = null)
    {
        var output = new List<byte>();
        DosCommand command = DosCommand.Parse(line, output.Add, out string error) ?? throw new ArgumentException(error, nameof(line));
        Machine.DosSessions.Exec(Vm, command);
        MachineOutcome outcome = Machine.Run(new MachineRunOptions { EndWhen = () => command.Done, Timeout = timeout ?? TimeSpan.FromSeconds(120) },
            TestContext.Current.CancellationToken);
        Assert.True(outcome.Stop == StopReason.Finished, outcome.Describe() + "\n" + Machine.DosSessions.Session(Vm)!.Describe() + "\n" + Vm.Screen().ToText());
        return (command.Result!, System.Text.Encoding.ASCII.GetString([.. output]));
    }

    /// <summary>Runs the machine until <paramref name="done"/> holds.</summary>
    public void RunUntil(Func<bool> done)
    {
        MachineOutcome outcome = Machine.Run(new MachineRunOptions { EndWhen = done, Timeout = TimeSpan.FromSeconds(120) }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Stop == StopReason.Finished, outcome.Describe() + "\n" + Vm.Screen().ToText());
    }

    /// <summary>Runs one command line and returns the screen's lines it wrote (the screen is cleared first).</summary>
    public string Command(string line)
    {
        Run(new AutomationStep.Send("cls\r"), new AutomationStep.Send(line + "\r"), new AutomationStep.Send("echo end-of-command\r"),
            new AutomationStep.Expect("\nend-of-command"));
        string screen = Vm.Screen().ToText();
        int start = screen.IndexOf(line, StringComparison.Ordinal);
        int end = screen.IndexOf("echo end-of-command", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the screen does not show the command:\n" + screen);
        string output = screen[(start + line.Length)..end];
        return output[..output.LastIndexOf('\n')].Trim('\n', ' ');
    }

    public void Run(params AutomationStep[] steps)
    {
        MachineOutcome outcome = Machine.Run(new MachineRunOptions
        {
            Steps = [.. steps.Select(s => new MachineStep(Vm.Name, s))],
            Timeout = TimeSpan.FromSeconds(120),
        }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + Vm.Screen().ToText());
    }

    /// <summary>Ends the machine (its diskette flushed and unlocked, its host files closed).</summary>
    public void Stop() => Machine.Dispose();

    public void Dispose()
    {
        Machine.Dispose();
        _temp.Dispose();
    }
}
