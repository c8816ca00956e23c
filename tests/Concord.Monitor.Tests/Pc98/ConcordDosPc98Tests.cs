using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Machines;
using static Concord.Monitor.Tests.Pc98.Pc98Run;

namespace Concord.Monitor.Tests.Pc98;

/// <summary>Concord DOS's pc98 build (firmware/os/cdos-pc98.img) on a PC-98 VM, with the PC-98 BIOS's services.</summary>
public sealed class ConcordDosPc98Tests(ITestOutputHelper output)
{
    public static byte[] ConcordDos => File.ReadAllBytes(RepoPaths.Firmware("os", "cdos-pc98.img"));

    [Fact]
    public void Boots_from_drive_0_runs_its_autoexec_and_the_date_time_and_screen_commands()
    {
        using var run = new Pc98Run(ConcordDos, start: new DateTime(2025, 3, 4, 5, 6, 7));
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("cls\rver\rdate\r\rtime\r\rhello there\r"), Expect("there"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        output.WriteLine(run.Screen);
        Assert.StartsWith("\nA:\\>ver", run.Screen);        // CLS cleared the screen and homed the cursor
        Assert.Contains("Concord DOS version 1.00 (pc98 profile)", run.Screen);
        Assert.Matches(@"Current date is \w+ 03-04-2025", run.Screen);
        Assert.Contains("Current time is 05:06:", run.Screen);
        Assert.Contains("Concord DOS for the PC-98", run.Console);
        Assert.Equal(0, run.Vm.Hardware.Ports.UnmappedReads + run.Vm.Hardware.Ports.UnmappedWrites);
    }

    [Fact]
    public void Write_makes_a_file_that_is_on_the_diskette_afterwards()
    {
        using var run = new Pc98Run(ConcordDos);
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("write\rtype write.txt\r"), Expect("line 100\r"[..^1]), Expect("\nA:\\>"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen);
        run.Machine.Dispose();
        byte[] written = FatVolume.Open(File.ReadAllBytes(run.ImageA)).ReadFile("WRITE.TXT");
        Assert.Equal(2500, written.Length);
        Assert.StartsWith("CDOS WRITE.COM line 001\r\n", System.Text.Encoding.ASCII.GetString(written));
    }

    [Fact]
    public void Poweroff_switches_the_machine_off_through_the_pc98_apm_bios()
    {
        using var run = new Pc98Run(ConcordDos);
        MachineOutcome outcome = run.Run(Expect("A:\\>"), Send("poweroff\r"), Expect("never shown"));

        Assert.Equal(StopReason.PowerOff, outcome.Stop);
        Assert.Contains("Concord PC-98 BIOS: APM power off", run.Console);
    }

    [Fact]
    public void Boots_from_drive_1_when_drive_0_has_no_diskette_of_1024_byte_sectors()
    {
        byte[] at = FatVolume.Format(Concord.Devices.Floppy.FloppyGeometry.Floppy1440K, new FatFormatOptions { Timestamp = new DateTime(2025, 1, 1) }).ToArray();
        using var run = new Pc98Run(at, ConcordDos);
        MachineOutcome outcome = run.Run(Expect("B:\\>"));

        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + run.Screen + run.Console);
        Assert.Equal(0x91, run.Vm.Hardware.Memory.Read8(0x584));
    }
}
