using System.Text;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests.Pc98;

/// <summary>
/// FreeDOS(98) (tests/data/pc98), a real PC-98 DOS, alone on a PC-98 VM as a user runs it:
/// <c>concord run --floppy IMAGE --profile pc98 --headless</c> with steps and a screen dump.
/// </summary>
public sealed class FreeDos98RunTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] FreeDos98 => File.ReadAllBytes(RepoPaths.TestData("pc98", "freedos98-2hd-1232k.img"));

    /// <summary>Runs FreeDOS(98) from a copy in A: (and <paramref name="b"/> in B:) through the steps; returns the run and the screen dump.</summary>
    private (CliRun Run, string Screen) Run(string? b, params string[] steps)
    {
        string a = _files.Write("a.img", FreeDos98);
        string screen = Path.Combine(_files.Folder, "screen.txt");
        var args = new List<string> { "run", "--floppy", a, "--profile", "pc98", "--headless", "--timeout", "120", "--screen", screen };
        if (b is not null) args.AddRange(["--floppy-b", b]);
        args.AddRange(steps);
        CliRun run = CliRun.Invoke([.. args]);
        return (run, File.Exists(screen) ? File.ReadAllText(screen, Encoding.UTF8) : "");
    }

    /// <summary>SYS_FD98.TXT as Unicode: Shift-JIS on the diskette (code page 932, which .NET has built in).</summary>
    private static string[] DocumentLines()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        byte[] bytes = FatVolume.Open(FreeDos98).ReadFile("SYS_FD98.TXT");
        return Encoding.GetEncoding(932).GetString(bytes).Split("\r\n");
    }

    [Fact]
    public void Boots_alone_to_its_prompt_on_the_pc98_profile()
    {
        var (run, screen) = Run(null, "--expect", "A:\\>");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr + screen);
        Assert.Contains("Concord PC-98 BIOS 1.0", run.Stdout);
        Assert.Contains("Booting from 1 MB floppy drive #1", run.Stdout);
        Assert.Contains("FreeCom ver 0.85a_DBCS", screen);
        Assert.Contains("(PC98)", screen);
    }

    [Fact]
    public void Dir_and_type_show_the_documents_japanese_text_in_the_screen_dump()
    {
        var (run, screen) = Run(null, "--expect", "A:\\>", "--send", "dir\\r", "--expect", "バイトの空き容量があります",
            "--send", "cls\\rtype sys_fd98.txt\\r", "--expect", "5秒に設定。");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr + screen);
        // The document's last lines, each as it is in the file (Shift-JIS decoded by .NET, not by the
        // monitor's own table), on the screen that TYPE left: kanji, kana and ASCII.
        string[] last = DocumentLines().Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(5).ToArray();
        Assert.Contains(last, l => l.Any(c => c >= '\u4E00' && c <= '\u9FFF')); // kanji among them
        string[] shown = screen.Split('\n');
        foreach (string line in last) Assert.Contains(line, shown);
    }

    [Fact]
    public void Copy_to_a_diskette_made_by_disk_create_gives_a_byte_identical_file()
    {
        string b = Path.Combine(_files.Folder, "b.img");
        CliRun create = CliRun.Invoke("disk", "create", b, "--format", "1.23M");
        Assert.True(create.Status == 0, create.Stderr);

        var (run, screen) = Run(b, "--expect", "A:\\>", "--send", "copy sys_fd98.txt b:\\r", "--expect", "b:sys_fd98.txt\\nA:\\>",
            "--send", "dir b:\\r", "--expect", "バイトの空き容量があります");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr + screen);
        byte[] original = FatVolume.Open(FreeDos98).ReadFile("SYS_FD98.TXT");
        FatVolume copy = FatVolume.Open(File.ReadAllBytes(b), b);
        Assert.Equal(1024, copy.Parameters.BytesPerSector);
        Assert.Equal(original, copy.ReadFile("SYS_FD98.TXT"));
        Assert.Contains(original.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), screen); // DIR B: lists it
    }

    [Fact]
    public void Mem_counts_640k_and_debug_dumps_the_bios_work_area()
    {
        var (run, screen) = Run(null, "--expect", "A:\\>", "--send", "mem\\r", "--expect", "Largest executable",
            "--send", "cls\\rdebug\\rd 0:500 l10\\rq\\r", "--expect", "-q");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr + screen);
        // 0000:0500h (the BIOS flag: normal mode, the 1 MB interface) and 0501h (bits 0-2: 128 KiB
        // blocks of memory above the first, 4 = 640 KiB), as DEBUG reads them from the BIOS work area.
        Assert.Contains("0000:0500  03 24", screen);
    }
}
