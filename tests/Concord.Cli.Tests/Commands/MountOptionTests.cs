namespace Concord.Cli.Tests.Commands;

/// <summary><c>--mount [VM:]LETTER=HOSTDIR[,ro]</c>: a bad value is one line naming it and what is valid, status 2.</summary>
public sealed class MountOptionTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly string _image;
    private readonly string _share;

    public MountOptionTests()
    {
        _image = _files.Write("hello.img", File.ReadAllBytes(RepoPaths.Firmware("hello", "hello.img")));
        _share = Path.Combine(_files.Folder, "share");
        Directory.CreateDirectory(_share);
    }

    public void Dispose() => _files.Dispose();

    private string BadInput(params string[] mounts)
    {
        var args = new List<string> { "run", "--floppy", _image, "--headless", "--timeout", "30" };
        foreach (string m in mounts) args.AddRange(["--mount", m]);
        CliRun run = CliRun.Invoke([.. args]);
        Assert.Equal(2, run.Status);
        Assert.DoesNotContain("   at ", run.Stderr);
        return Assert.Single(run.StderrLines);
    }

    [Fact]
    public void A_mount_without_a_folder_shows_the_form()
    {
        Assert.Equal("concord: run: --mount 'D': expected [VM:]LETTER=HOSTDIR[,ro], e.g. D=./dos or D=/srv/share,ro", BadInput("D"));
    }

    [Fact]
    public void A_diskette_letter_or_no_letter_is_refused()
    {
        Assert.Equal($"concord: run: --mount 'A={_share}': 'A': A: is a diskette drive: valid values are C to Z", BadInput($"A={_share}"));
        Assert.Equal($"concord: run: --mount 'DE={_share}': 'DE': valid values are a drive letter C to Z (\"D\" or \"D:\")", BadInput($"DE={_share}"));
    }

    [Fact]
    public void A_missing_folder_or_a_file_is_refused()
    {
        string missing = Path.Combine(_files.Folder, "missing");
        Assert.Equal($"concord: run: --mount 'D={missing}': the folder '{missing}' does not exist", BadInput($"D={missing}"));
        Assert.Equal($"concord: run: --mount 'D={_image},ro': '{_image}' is a file; a drive needs a folder", BadInput($"D={_image},ro"));
    }

    [Fact]
    public void A_letter_takes_one_folder_and_a_vm_must_exist()
    {
        Assert.Equal($"concord: run: --mount 'd:={_share}': drive D: of VM pc is mounted already ({_share}); give each drive one folder",
            BadInput($"D={_share}", $"d:={_share}"));
        Assert.Equal($"concord: run: --mount 'guest:D={_share}': no VM named 'guest' (VMs: pc)", BadInput($"guest:D={_share}"));
    }

    [Fact]
    public void A_good_mount_runs_the_machine()
    {
        CliRun run = CliRun.Invoke("run", "--floppy", _image, "--headless", "--timeout", "30", "--mount", $"pc:D={_share},ro", "--mount", $"E:={_share}");
        Assert.Equal(0, run.Status);
        Assert.Contains("Hello", run.Stdout);
    }

    [Fact]
    public void A_mounted_folder_is_a_drive_of_freedos_in_a_headless_run()
    {
        string image = _files.Write("freedos.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")));
        File.WriteAllText(Path.Combine(_share, "FROMHOST.TXT"), "written on the host\r\n");
        string screen = Path.Combine(_files.Folder, "screen.txt");
        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "60", "--mount", $"D={_share}", "--screen", screen,
            "--expect", "A:\\>", "--send", "type d:\\fromhost.txt\r", "--expect", "\nwritten on the host",
            "--send", "echo from dos> d:\\fromdos.txt\r", "--send", "echo done\r", "--expect", "\ndone");
        Assert.True(run.Status == 0, run.Stderr + File.ReadAllText(screen));
        Assert.Equal("from dos\r\n", File.ReadAllText(Path.Combine(_share, "FROMDOS.TXT")));
    }
}
