using System.Text;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Cli.Tests.Pc98;

/// <summary>
/// Two real DOSes made for two kinds of hardware on one machine, sharing one floppy controller:
/// FreeDOS on a PC/AT parent (tests/data/freedos) and FreeDOS(98) on a PC-98 guest
/// (tests/data/pc98), each driving the controller through its own BIOS at its own ports.
/// </summary>
public sealed class AtAndPc98FreeDosTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string MachineFile = """
        [[vm]]
        name = "at"
        role = "parent"
        profile = "at"
        cpu = "80286"
        boot = "A"
        busy_byte = "none"

        [[vm]]
        name = "pc98"
        role = "guest"
        profile = "pc98"
        cpu = "80286"
        boot = "B"
        busy_byte = "none"

        [[drive]]
        name = "at-system"
        image = "at.img"
        unit = 0

        [[drive]]
        name = "pc98-system"
        image = "pc98.img"
        unit = 1
        """;

    [Fact]
    public void Both_boot_to_their_prompts_and_list_their_disks_while_the_table_shows_both_motors_and_both_leases()
    {
        _files.Write("at.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        _files.Write("pc98.img", File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img")));
        string machine = _files.Write("partners.toml", Encoding.UTF8.GetBytes(MachineFile));
        string trace = Path.Combine(_files.Folder, "trace.jsonl");
        string screens = Path.Combine(_files.Folder, "screens");

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "180", "--trace", trace, "--screen-dir", screens,
            "--expect", "at:A:\\>", "--expect", "pc98:B:\\>", // the PC-98 names its drives by unit: its boot drive is unit 1
            "--send", "at:dir\\r", "--send", "pc98:dir\\r",
            "--expect", "at:bytes free", "--expect", "pc98:バイトの空き容量があります");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        List<TableEvent> table = JsonLinesTraceReader.ReadTable(new StringReader(File.ReadAllText(trace)));
        // Each OS's motor requests reach the table's motor row of its own drive.
        Assert.Contains(table, e => e is { VmName: "at", Device: "fdc", Field: "motor0", NewRequested: 1 });
        Assert.Contains(table, e => e is { VmName: "pc98", Device: "fdc", Field: "motor1", NewRequested: 1 });
        // Both held the controller's lease (one VM's command at a time), each after the other gave it up.
        var acquired = table.Where(e => e.Device == "fdc" && e.Lease == LeaseAction.Acquired).ToList();
        Assert.Contains(acquired, e => e.VmName == "at");
        Assert.Contains(acquired, e => e.VmName == "pc98");
    }

    private const string Gate = """

        [[gate]]
        caller = "pc98"
        vector = 0xE0
        callee = "at"
        service = 0x21
        window = "9000-9FFF"
        """;

    [Fact]
    public void The_pc98_guests_rdir_lists_the_at_disk_and_its_xfer_copies_an_at_file_onto_the_pc98_disk_and_back()
    {
        byte[] atImage = File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"));
        string at = _files.Write("at.img", atImage);
        string pc98 = _files.Write("pc98.img", File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img")));
        // The gate apps on the PC-98 disk, as a user puts them there: RDIR as it is, XFER's pc98 build (timed by INT 1Ch).
        Assert.Equal(0, CliRun.Invoke("disk", "put", pc98, RepoPaths.Firmware("apps", "RDIR.COM"), "RDIR.COM").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", pc98, RepoPaths.Firmware("apps", "pc98", "XFER.COM"), "XFER.COM").Status);
        string machine = _files.Write("gated.toml", Encoding.UTF8.GetBytes(MachineFile.Replace("busy_byte = \"none\"", "busy_byte = \"auto\"") + Gate));

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "300",
            "--expect", "at:A:\\>", "--expect", "pc98:B:\\>",
            "--send", "pc98:rdir\\r", "--expect", "pc98:ALLEYCAT.EXE",
            "--send", "pc98:xfer alleycat.exe cat.exe\\r", "--expect", "pc98:0 errors");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        byte[] original = FatVolume.Open(atImage).ReadFile("ALLEYCAT.EXE");
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(pc98), pc98).ReadFile("CAT.EXE"));      // onto the PC-98 disk
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(at), at).ReadFile("ALLEYCAT.BAK"));     // and back to the AT disk
    }

    [Fact]
    public void FreeDOS_on_the_at_calls_FreeDOS98_through_the_gate_its_rdir_lists_the_pc98_disk_and_xfer_copies_a_pc98_file_there_and_back()
    {
        string at = _files.Write("at.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        byte[] pc98Image = File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img"));
        string pc98 = _files.Write("pc98.img", pc98Image);
        Assert.Equal(0, CliRun.Invoke("disk", "put", at, RepoPaths.Firmware("apps", "RDIR.COM"), "RDIR.COM").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", at, RepoPaths.Firmware("apps", "XFER.COM"), "XFER.COM").Status);
        string gate = Gate.Replace("caller = \"pc98\"", "caller = \"at\"").Replace("callee = \"at\"", "callee = \"pc98\"");
        string machine = _files.Write("gated.toml", Encoding.UTF8.GetBytes(MachineFile.Replace("busy_byte = \"none\"", "busy_byte = \"auto\"") + gate));

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "300",
            "--expect", "at:A:\\>", "--expect", "pc98:B:\\>",
            "--send", "at:rdir\\r", "--expect", "at:FDXMS286.SYS",
            "--send", "at:xfer fdxms.sys x.sys\\r", "--expect", "at:0 errors");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        byte[] original = FatVolume.Open(pc98Image).ReadFile("FDXMS.SYS");
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(at), at).ReadFile("X.SYS"));          // onto the AT disk
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(pc98), pc98).ReadFile("FDXMS.BAK"));  // and back to the PC-98 disk
    }
}
