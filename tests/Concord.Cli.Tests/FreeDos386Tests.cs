using System.Text;
using System.Text.RegularExpressions;
using Concord.Devices.Floppy.Fat;
using Concord.TestSupport;

namespace Concord.Cli.Tests;

/// <summary>
/// FreeDOS (tests/data/freedos) on <c>run --floppy</c>'s default machine: an 80386 with 4 MiB,
/// 3 MiB of it above 1 MiB. Its CONFIG.SYS loads no memory manager as shipped (the HIMEM and
/// EMM386 lines are commented out), so MEM finds the extended memory through INT 15h AH=88h;
/// with those lines switched on, HIMEM (A20 through the 8042, XMS) and EMM386 (protected mode,
/// paging, DOS itself in virtual-8086 mode) load and MEM sees free XMS and EMS memory.
/// </summary>
public sealed class FreeDos386Tests
{
    private static byte[] FreeDos() => File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"));

    [Fact]
    public void Mem_reports_the_extended_memory_and_cpulevel_an_80386()
    {
        using var files = new TempFiles();
        string floppy = files.Write("fd.img", FreeDos());
        string screen = Path.Combine(files.Folder, "screen.txt");

        CliRun run = CliRun.Invoke("run", "--headless", "--timeout", "120", "--floppy", floppy, "--screen", screen,
            "--expect", "A:\\>", "--send", "cpulevel\\r", "--expect", "i386 or compatible CPU found",
            "--send", "mem\\r", "--expect", "Largest executable");

        Assert.True(run.Status == 0, run.Stderr + File.ReadAllText(screen));
        string text = File.ReadAllText(screen);
        Assert.Matches(new Regex(@"Extended \(XMS\)\s+3,072K"), text);
        Assert.Matches(new Regex(@"Total memory\s+4,096K"), text);
    }

    [Fact]
    public void With_its_himem_and_emm386_lines_switched_on_the_memory_managers_load_and_mem_sees_free_xms_and_ems()
    {
        using var files = new TempFiles();
        FatVolume volume = FatVolume.Open(FreeDos());
        string config = Encoding.ASCII.GetString(volume.ReadFile("CONFIG.SYS"));
        string enabled = config
            .Replace(@";012?DEVICE=A:\FREEDOS\BIN\HIMEM.EXE", @"DEVICE=A:\FREEDOS\BIN\HIMEM.EXE", StringComparison.Ordinal)
            .Replace(@";0?DEVICE=A:\FREEDOS\BIN\EMM386.EXE", @"DEVICE=A:\FREEDOS\BIN\EMM386.EXE", StringComparison.Ordinal);
        Assert.NotEqual(config, enabled); // the lines are there, commented out
        volume.WriteFile("CONFIG.SYS", Encoding.ASCII.GetBytes(enabled));
        string floppy = files.Write("fd.img", volume.ToArray());
        string screen = Path.Combine(files.Folder, "screen.txt");

        CliRun run = CliRun.Invoke("run", "--headless", "--timeout", "180", "--floppy", floppy, "--screen", screen,
            "--expect", "HIMEM - KBC A20 method used", "--expect", "EMM386 2.26", "--expect", "A:\\>",
            "--send", "mem\\r", "--expect", "Largest executable");

        Assert.True(run.Status == 0, run.Stderr + File.ReadAllText(screen));
        string text = File.ReadAllText(screen);
        Assert.Matches(new Regex(@"Extended \(XMS\)\s+3,072K\s+[\d,]+K\s+[1-9][\d,]*K"), text); // some of it free: an XMS driver owns it
        Assert.Matches(new Regex(@"Free Expanded \(EMS\)\s+[1-9][\d,]*K"), text);
    }
}
