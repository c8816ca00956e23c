using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests.Commands;

/// <summary>
/// A step that is never met because the guest stopped first (halted for good, powered off) is a
/// failure a script can tell from success: exit status 6 and a note naming the step.
/// </summary>
public sealed class UnmetStepTests
{
    [Fact]
    public void An_expect_not_met_when_the_guest_halts_for_good_is_status_6_naming_the_step()
    {
        using var files = new TempFiles();
        string image = files.Write("halt.img", BootSectors.Build(asm =>
        {
            asm.cli();
            asm.hlt();
        }));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30", "--expect", "never shown");

        Assert.Equal(6, run.Status);
        string note = Assert.Single(run.StderrLines);
        Assert.True(note.Contains("before step 1 was met: expect \"never shown\"", StringComparison.Ordinal), note);
        Assert.EndsWith("(exit status 6)", note);
    }

    [Fact]
    public void An_expect_not_met_when_the_machine_powers_off_is_status_6_and_until_off_waits_for_the_power_off()
    {
        using var files = new TempFiles();
        File.Copy(RepoPaths.Firmware("os", "cdos-at.img"), Path.Combine(files.Folder, "dos.img"));
        File.Copy(RepoPaths.Firmware("os", "cdos-pc98.img"), Path.Combine(files.Folder, "guest.img"));
        string machine = files.Write("bundled.toml", System.Text.Encoding.UTF8.GetBytes(Concord.Cli.Commands.BundledSystem.MachineFileText));
        string[] head = ["run", "--machine", machine, "--headless", "--timeout", "60", "--expect", "dos:A:\\>", "--expect", "guest:B:\\>",
            "--send", "guest:POWEROFF\\r", "--send", "dos:POWEROFF\\r"];

        CliRun unmet = CliRun.Invoke([.. head, "--expect", "dos:not on any screen"]);
        CliRun untilOff = CliRun.Invoke([.. head, "--until-off"]);

        Assert.Equal(6, unmet.Status);
        Assert.Contains("before step 5 was met: dos: expect \"not on any screen\"", unmet.Stderr);
        Assert.True(untilOff.Status == 0, untilOff.Stderr);
        Assert.Equal("", untilOff.Stderr);
    }
}
