using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// There is one machine: <c>run --floppy X</c> (<see cref="MachineSpec.ForDiskettes"/>) and a machine
/// file with one VM booting X are the same machine, down to the instruction.
/// </summary>
public sealed class OneMachineTests
{
    private static readonly AutomationStep[] Session =
    [
        new AutomationStep.Expect("A:\\>"),
        new AutomationStep.Send("dir\r"),
        new AutomationStep.Expect("bytes free"),
        new AutomationStep.Send("type fdconfig.sys\r"),
        new AutomationStep.Expect("\nA:\\>"),
    ];

    [Fact]
    public void A_real_dos_diskette_gives_the_same_screen_status_and_instruction_count_from_the_command_line_and_a_machine_file()
    {
        using var temp = new TempFiles();
        string imageA = temp.Write("floppy.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        string imageB = temp.Write("machine.img", File.ReadAllBytes(imageA));
        string file = temp.Write("one.toml", System.Text.Encoding.UTF8.GetBytes("""
            [[vm]]
            name = "pc"
            role = "parent"
            profile = "at"
            cpu = "80286"

            [[drive]]
            name = "system"
            image = "machine.img"
            unit = 0
            """));
        MachineFileResult loaded = MachineFile.Load(file);
        Assert.True(loaded.IsValid, loaded.ToString());

        var fromCommandLine = Run(MachineSpec.ForDiskettes(imageA, null, PlatformProfile.At, CpuModel.I80286, ClockKind.Virtual));
        var fromFile = Run(loaded.Spec!);

        Assert.True(fromCommandLine.Outcome.Stop == StopReason.StepsCompleted, fromCommandLine.Outcome.Describe() + "\n" + fromCommandLine.Screen);
        Assert.Contains("bytes free", fromCommandLine.Screen);
        Assert.Equal(fromCommandLine.Screen, fromFile.Screen);
        Assert.Equal(fromCommandLine.Outcome.ExitStatus, fromFile.Outcome.ExitStatus);
        Assert.Equal(fromCommandLine.Outcome.Instructions, fromFile.Outcome.Instructions);
        Assert.Equal(fromCommandLine.Outcome.VirtualTimeNs, fromFile.Outcome.VirtualTimeNs);
    }

    private static (MachineOutcome Outcome, string Screen) Run(MachineSpec spec)
    {
        using var machine = new Machine(spec);
        MachineOutcome outcome = machine.Run(new MachineRunOptions
        {
            Steps = [.. Session.Select(s => new MachineStep(spec.Vms[0].Name, s))],
            Timeout = TimeSpan.FromSeconds(120),
        }, TestContext.Current.CancellationToken);
        return (outcome, machine.Vms[0].Screen().ToText());
    }
}
