using Concord.Devices.Video;
using Concord.Monitor.Automation;
using Concord.Monitor.Machines;

namespace Concord.Monitor.Tests.Machines;

/// <summary>Each VM of a machine is built from its own platform profile: BIOS, text memory, video device, native drive.</summary>
public sealed class ProfileMachineTests
{
    [Fact]
    public void An_at_parent_and_a_pc98_guest_reach_their_prompts()
    {
        using var temp = new TempFiles();
        using var machine = new Machine(TestMachineFiles.ParentAndGuest(temp, "at", "pc98"));

        // The drive letter of the prompt is not checked here (Concord DOS starts on its boot drive: TwoDosTests checks A:\> and B:\>).
        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(("parent", new AutomationStep.Expect(":\\>")), ("guest", new AutomationStep.Expect(":\\>"))),
            TestContext.Current.CancellationToken);

        MachineVm parent = machine.Vm("parent"), guest = machine.Vm("guest");
        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + parent.Screen().ToText() + "\n" + guest.Screen().ToText());
        Assert.Contains("Concord DOS", parent.Screen().ToText());
        Assert.Contains("Concord DOS", guest.Screen().ToText());
        Assert.IsType<TextVideo>(parent.Hardware.Video.Device);
        Assert.IsType<Pc98TextVideo>(guest.Hardware.Video.Device);
        // The guest's text is in the PC-98 layout at A0000h; nothing is mapped at B8000h in it.
        Assert.Null(guest.Hardware.Memory.GetPage(0xB8).Block);
        Assert.NotNull(parent.Hardware.Memory.GetPage(0xB8).Block);
        Assert.Equal(Concord.Monitor.Profiles.PlatformProfile.Pc98, guest.Hardware.Profile);
    }
}
