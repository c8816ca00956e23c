using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Pc98;

/// <summary>Concord DOS's pc98 build (firmware/os/cdos-pc98.img) on the PC-98 devices and BIOS.</summary>
public sealed class ConcordDosPc98Tests(ITestOutputHelper output)
{
    public static FloppyImage ConcordDos() =>
        FloppyImage.FromBytes(File.ReadAllBytes(RepoPaths.Under("firmware", "os", "cdos-pc98.img")));

    [Fact]
    public void Boots_from_drive_0_and_runs_its_autoexec_and_commands()
    {
        using var machine = new Pc98TestMachine(ConcordDos(), start: new DateTime(2025, 3, 4, 5, 6, 7));
        machine.RecordUnmappedPorts();
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 30), machine.Screen().ToText() + machine.Console);
        output.WriteLine($"{machine.NowNs / 1e9:F2} s\n{machine.Screen()}");
        Assert.Contains("Concord DOS for the PC-98", machine.Screen().ToText());

        machine.Type("cls\rver\rdate\r\rtime\r\rhello there\r");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("there"), 30), machine.Screen().ToText());
        string screen = machine.Screen().ToText();
        output.WriteLine(screen);
        Assert.StartsWith("\nA:\\>ver", screen);        // CLS cleared the screen and homed the cursor
        Assert.Contains("Concord DOS version 1.00 (pc98 profile)", screen);
        Assert.Matches(@"Current date is \w+ 03-04-2025", screen);
        Assert.Contains("Current time is 05:06:", screen);

        machine.Type("dir\r");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("bytes free"), 30), machine.Screen().ToText());
        Assert.Contains("KERNEL   SYS", machine.Screen().ToText());
        Assert.Empty(machine.UnmappedAccesses);
    }

    [Fact]
    public void Write_makes_a_file_that_is_on_the_diskette_afterwards()
    {
        using var image = ConcordDos();
        using var machine = new Pc98TestMachine(image);
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 30));

        machine.Type("write\rtype write.txt\r");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("line 100"), 30), machine.Screen().ToText());
        machine.RunUntil(_ => false, 1);

        byte[] written = FatVolume.Open(image).ReadFile("WRITE.TXT");
        Assert.Equal(2500, written.Length);
        Assert.StartsWith("CDOS WRITE.COM line 001\r\n", System.Text.Encoding.ASCII.GetString(written));
    }

    [Fact]
    public void Poweroff_switches_the_machine_off_through_the_pc98_apm_bios()
    {
        using var machine = new Pc98TestMachine(ConcordDos());
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 30));

        machine.Type("poweroff\r");
        machine.RunUntil(_ => false, 10);

        Assert.True(machine.PoweredOff, machine.Screen().ToText());
        Assert.Contains("APM power off", machine.Console);
    }

    [Fact]
    public void Boots_from_drive_1_when_drive_0_has_no_diskette_of_1024_byte_sectors()
    {
        using var at = FloppyImage.CreateInMemory(FloppyGeometry.Floppy1440K);
        using var machine = new Pc98TestMachine(at, ConcordDos());
        Assert.True(machine.RunUntil(m => m.Screen().Contains("B:\\>"), 30), machine.Screen().ToText() + machine.Console);
        Assert.Equal(0x91, machine.Memory.Read8(0x584));
    }
}
