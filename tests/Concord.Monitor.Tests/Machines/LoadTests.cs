using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Machines;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// Load on the one floppy controller: 16 and 32 VMs boot Concord DOS from one shared drive, each
/// reads a file from it (TYPE), and all power off. Every VM must boot and read (fair leases, the
/// heads each VM left sought back; 20 VMs lost reads to each other before), whatever their number.
/// The slowest boot, in machine time, is reported.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Every_vm_of_many_on_one_controller_boots_reads_and_powers_off(int count)
    {
        using var temp = new TempFiles();
        File.Copy(TestMachineFiles.CdosAt, Path.Combine(temp.Folder, "system.img"));
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < count; i++)
            text.Append($"[[vm]]\nname = \"vm{i}\"\nrole = \"{(i == 0 ? "parent" : "guest")}\"\nprofile = \"at\"\nboot = \"A\"\n\n");
        // Read-only: every VM boots from it and none may write it (each DOS keeps its own FAT).
        text.Append("[[drive]]\nname = \"system\"\nimage = \"system.img\"\nunit = 0\nread_only = true\n\n[clock]\nmode = \"virtual\"\n");
        using var machine = new Machine(TestMachineFiles.Parse(temp, text.ToString()));
        var booted = new long[count];
        Action<MachineVm, RunResult>? serve = machine.AfterSlice;
        machine.AfterSlice = (vm, result) =>
        {
            serve?.Invoke(vm, result);
            int i = int.Parse(vm.Name.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
            if (booted[i] == 0 && vm.Screen().ToText().Contains("A:\\>", StringComparison.Ordinal)) booted[i] = vm.NowNs;
        };
        var steps = new List<(string, AutomationStep)>();
        for (int i = 0; i < count; i++) steps.Add(($"vm{i}", new AutomationStep.Expect("A:\\>")));
        for (int i = 0; i < count; i++) steps.Add(($"vm{i}", new AutomationStep.Send("TYPE README.TXT\r")));
        for (int i = 0; i < count; i++) steps.Add(($"vm{i}", new AutomationStep.Expect("===========\n")));
        for (int i = 0; i < count; i++) steps.Add(($"vm{i}", new AutomationStep.Send("POWEROFF\r")));

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps([.. steps]) with { EndWhenStepsComplete = false, Timeout = TimeSpan.FromMinutes(5) },
            TestContext.Current.CancellationToken);

        string screens = string.Join("\n", machine.Vms.Where(v => !v.Screen().ToText().Contains("Powering off.", StringComparison.Ordinal))
            .Select(v => $"{v.Name}: {v.Screen().ToText().Replace('\n', '|').Trim()}"));
        Assert.True(outcome.Stop == StopReason.PowerOff, outcome.Describe() + "\n" + screens);
        Assert.All(machine.Vms, v => Assert.Contains("Concord DOS", v.Screen().ToText()));
        Assert.All(machine.Vms, v => Assert.DoesNotContain("Cannot read", v.Screen().ToText()));
        Assert.All(booted, t => Assert.True(t > 0));
        output.WriteLine($"{count} VMs: the slowest booted in {booted.Max() / 1e9:0.000} s of machine time (the fastest in {booted.Min() / 1e9:0.000} s); " +
                         $"all powered off at {outcome.VirtualTimeNs / 1e9:0.000} s after {outcome.Instructions} instructions, {outcome.Elapsed.TotalSeconds:0.0} s of host time; " +
                         $"{machine.Fdc.SeeksBack} seeks back, {machine.Fdc.LeaseTimeouts} lease time-outs");
    }
}
