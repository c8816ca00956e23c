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

    /// <summary>
    /// The two FreeDOSes with a gate from <paramref name="caller"/> (at or pc98) into the other, both
    /// asked for their InDOS flag; RDIR and XFER (<paramref name="xfer"/>: the caller's build) put on the
    /// caller's disk with `disk put`, as a user puts them there. The RDIR lists the callee's disk until
    /// <paramref name="listed"/>; XFER copies the callee's <paramref name="file"/> to the caller's disk as
    /// <paramref name="copy"/> and back as <paramref name="back"/>: both byte-identical to the original.
    /// </summary>
    private void XferThroughGate(string caller, string xfer, string listed, string file, string copy, string back)
    {
        byte[] atImage = File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"));
        byte[] pc98Image = File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img"));
        string at = _files.Write("at.img", atImage), pc98 = _files.Write("pc98.img", pc98Image);
        string callee = caller == "at" ? "pc98" : "at";
        string callerImage = caller == "at" ? at : pc98, calleeImage = caller == "at" ? pc98 : at;
        Assert.Equal(0, CliRun.Invoke("disk", "put", callerImage, RepoPaths.Firmware("apps", "RDIR.COM"), "RDIR.COM").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", callerImage, xfer, "XFER.COM").Status);
        string gate = $"""

            [[gate]]
            caller = "{caller}"
            vector = 0xE0
            callee = "{callee}"
            service = 0x21
            window = "9000-9FFF"
            """;
        string machine = _files.Write("gated.toml", Encoding.UTF8.GetBytes(MachineFile.Replace("busy_byte = \"none\"", "busy_byte = \"auto\"") + gate));

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "300",
            "--expect", "at:A:\\>", "--expect", "pc98:B:\\>",
            "--send", $"{caller}:rdir\\r", "--expect", $"{caller}:{listed}",
            "--send", $"{caller}:xfer {file} {copy}\\r", "--expect", $"{caller}:0 errors");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        byte[] original = FatVolume.Open(caller == "at" ? pc98Image : atImage).ReadFile(file.ToUpperInvariant());
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(callerImage), callerImage).ReadFile(copy.ToUpperInvariant())); // onto the caller's disk
        Assert.Equal(original, FatVolume.Open(File.ReadAllBytes(calleeImage), calleeImage).ReadFile(back));                  // and back to the callee's
    }

    [Fact]
    public void The_pc98_guests_rdir_lists_the_at_disk_and_its_xfer_copies_an_at_file_onto_the_pc98_disk_and_back() =>
        XferThroughGate("pc98", RepoPaths.Firmware("apps", "pc98", "XFER.COM"), // XFER's pc98 build, timed by INT 1Ch
            listed: "ALLEYCAT.EXE", file: "alleycat.exe", copy: "cat.exe", back: "ALLEYCAT.BAK");

    [Fact]
    public void FreeDOS_on_the_at_calls_FreeDOS98_through_the_gate_its_rdir_lists_the_pc98_disk_and_xfer_copies_a_pc98_file_there_and_back() =>
        XferThroughGate("at", RepoPaths.Firmware("apps", "XFER.COM"),
            listed: "FDXMS286.SYS", file: "fdxms.sys", copy: "x.sys", back: "FDXMS.BAK");
}
