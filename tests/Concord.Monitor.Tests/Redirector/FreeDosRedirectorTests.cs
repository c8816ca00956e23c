using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Concord.Monitor.Redirector;

namespace Concord.Monitor.Tests.Redirector;

/// <summary>Real FreeDOS (kernel 2040, FreeCOM) uses a host folder mounted as D: through the monitor's redirector, with no driver on its disk.</summary>
public sealed class FreeDosRedirectorTests
{
    [Fact]
    public void Dir_type_and_copy_both_ways_work_on_a_mounted_folder()
    {
        using var temp = new TempFiles();
        string image = temp.Write("freedos.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        string host = Path.Combine(temp.Folder, "host");
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(host, "hello.txt"), "Hello from the host\r\n");
        MachineSpec spec = MachineSpec.ForDiskettes(image, null, PlatformProfile.At, CpuModel.I80286, ClockKind.Virtual)
            with { Mounts = [new MountSpec(MachineSpec.SoloVmName, 'D', host, false)] };
        using var machine = new Machine(spec);
        MachineVm vm = machine.Vms[0];
        Run(machine, Expect("A:\\>"));

        DosFacts facts = TestDosProbe.Facts(vm);
        Assert.Null(machine.Mounts.Install(vm, facts));
        Assert.All(machine.Mounts.Redirector(vm)!.Installed, d => Assert.Null(d.Problem));

        Run(machine, Send("dir d:\r"), Expect("bytes free"));
        string screen = vm.Screen().ToText();
        Assert.Contains("HELLO    TXT", screen);
        Run(machine, Send("type d:\\hello.txt\r"), Expect("Hello from the host"));
        Run(machine, Send("copy d:\\hello.txt a:\\fromhost.txt\r"), Send("copy a:\\config.sys d:\\config.cpy\r"),
            Send("echo done\r"), Expect("\ndone"));
        Assert.Equal(734, File.ReadAllBytes(Path.Combine(host, "CONFIG.CPY")).Length);
    }

    private static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    private static AutomationStep Send(string text) => new AutomationStep.Send(text);

    private static void Run(Machine machine, params AutomationStep[] steps)
    {
        MachineOutcome outcome = machine.Run(new MachineRunOptions
        {
            Steps = [.. steps.Select(s => new MachineStep(machine.Vms[0].Name, s))],
            Timeout = TimeSpan.FromSeconds(60),
        }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + machine.Vms[0].Screen().ToText());
    }
}
