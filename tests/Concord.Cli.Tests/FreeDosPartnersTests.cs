using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests;

/// <summary>
/// Two unmodified FreeDOS VMs as partners, set up and run only through the command line, as a user
/// would: the gate apps put on copies of the FreeDOS diskette with <c>concord disk put</c>, a machine
/// file with gates both ways (no mapping: relocated, <c>busy_byte</c> left <c>auto</c>), and
/// <c>concord run --machine</c> headless with the virtual clock.
/// </summary>
public sealed class FreeDosPartnersTests
{
    private const string MachineText = """
        [[vm]]
        name = "one"
        role = "parent"
        boot = "A"

        # This diskette's FreeDOS takes A: as its boot drive whichever drive the BIOS boots, so both
        # VMs run FreeDOS from disk A (only read there by "two"); each writes only its own disk.
        [[vm]]
        name = "two"
        role = "guest"
        boot = "A"

        [[drive]]
        name = "disk-a"
        image = "one.img"
        unit = 0

        [[drive]]
        name = "disk-b"
        image = "two.img"
        unit = 1

        [[gate]]
        caller = "two"
        vector = 0xE0
        callee = "one"
        service = 0x21
        window = "9000-9FFF"

        [[gate]]
        caller = "one"
        vector = 0xE0
        callee = "two"
        service = 0x21
        window = "9000-9FFF"
        """;

    [Fact]
    public void Xfer_copies_both_ways_between_two_freedos_vms_set_up_with_disk_put()
    {
        using var temp = new TempFiles();
        var content = new byte[5000];
        for (int i = 0; i < content.Length; i++) content[i] = (byte)(i * 13 + i / 199);
        string source = temp.Write("one.bin", content);
        foreach (string disk in new[] { "one.img", "two.img" })
        {
            string image = Path.Combine(temp.Folder, disk);
            File.Copy(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"), image);
            Put(["disk", "rm", image, "ALLEYCAT.EXE"]); // the diskette is nearly full: a game makes room
            Put(["disk", "put", image, RepoPaths.Firmware("apps", "XFER.COM"), "XFER.COM"]);
            Put(["disk", "put", image, RepoPaths.Firmware("apps", "RDIR.COM"), "RDIR.COM"]);
        }
        Put(["disk", "put", Path.Combine(temp.Folder, "one.img"), source, "ONE.BIN"]);
        string machine = Path.Combine(temp.Folder, "machine.toml");
        File.WriteAllText(machine, MachineText);
        string screens = Path.Combine(temp.Folder, "screens");
        string trace = Path.Combine(temp.Folder, "trace.jsonl");

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "300", "--screen-dir", screens, "--trace", trace,
            "--expect", "one:A:\\>", "--expect", "two:A:\\>",
            "--send", "two:xfer a:one.bin b:one.cpy\\r", "--expect", "two: retries, ",
            "--send", "one:xfer b:one.cpy a:two.bin\\r", "--expect", "one: retries, ");

        Assert.True(run.Status == 0, run.Stderr);
        string one = File.ReadAllText(Path.Combine(screens, "one.txt")), two = File.ReadAllText(Path.Combine(screens, "two.txt"));
        Assert.Contains("FreeCom version 0.82", one);
        Assert.Contains("FreeCom version 0.82", two);
        Assert.Contains("XFER: A:ONE.BIN -> B:ONE.CPY: 5000 bytes", two);      // there: FreeDOS one reads, FreeDOS two writes
        Assert.Contains("XFER: B:ONE.CPY -> A:ONE.BAK: 5000 bytes", two);      // back: two reads, one writes
        Assert.Contains("XFER: compared 5000 bytes: the same\nXFER: 10 blocks, 0 errors, 0 retries", two);
        Assert.Contains("XFER: B:ONE.CPY -> A:TWO.BIN: 5000 bytes", one);      // and the other way round
        Assert.Contains("XFER: compared 5000 bytes: the same\nXFER: 10 blocks, 0 errors, 0 retries", one);
        string[] learned = File.ReadLines(trace).Where(l => l.Contains("\"gate\":\"learned\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, learned.Length);                                      // both asked at their first INT 28h
        Assert.All(learned, l => Assert.Contains("DOS 7.10, InDOS", l));
        Assert.DoesNotContain(File.ReadLines(trace), l => l.Contains("\"gate\":\"fail\"", StringComparison.Ordinal));

        FatVolume diskA = FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "one.img")));
        FatVolume diskB = FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "two.img")));
        Assert.Equal(content, diskB.ReadFile("ONE.CPY"));
        Assert.Equal(content, diskA.ReadFile("ONE.BAK"));
        Assert.Equal(content, diskA.ReadFile("TWO.BIN"));
        Assert.Equal(content, diskB.ReadFile("ONE.BAK"));
        Assert.Equal(content, diskA.ReadFile("ONE.BIN"));
    }

    private static void Put(string[] args)
    {
        CliRun run = CliRun.Invoke(args);
        Assert.True(run.Status == 0, string.Join(' ', args) + ": " + run.Stderr);
    }
}
