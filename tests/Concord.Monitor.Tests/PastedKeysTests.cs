using Concord.Monitor.Automation;
using Concord.Monitor.Machines;

namespace Concord.Monitor.Tests;

/// <summary>Host keys posted faster than the guest reads them (a paste, fast typing) all arrive.</summary>
public sealed class PastedKeysTests
{
    [Fact]
    public void A_line_pasted_at_once_reaches_Concord_DOS_whole_although_it_is_longer_than_the_type_ahead_buffer()
    {
        string cdos = RepoPaths.Firmware("os", "cdos-at.img");
        using var pc = new TestPc(File.ReadAllBytes(cdos));
        MachineOutcome booted = pc.Run(new AutomationStep.Expect("A:\\>"));
        Assert.Equal(StopReason.StepsCompleted, booted.Stop);

        const string line = "echo the-quick-brown-fox-jumps-over-the-lazy-dog-0123456789";
        pc.Hardware.PostText(line + "\r"); // 60 keys at once: the BIOS buffer holds 15
        MachineOutcome echoed = pc.Run(new AutomationStep.Expect("\nthe-quick-brown-fox-jumps-over-the-lazy-dog-0123456789"));

        Assert.True(echoed.Stop == StopReason.StepsCompleted, echoed.Describe() + "\n" + pc.Hardware.Screen().ToText());
    }
}
