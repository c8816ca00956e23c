namespace Concord.Cli.Tests.Commands;

/// <summary>
/// <c>concord exec</c> end to end, in process: FreeDOS and Concord DOS diskettes (copies) booted
/// headless, EXITWITH.COM (firmware/apps) run from a mounted folder through the DOS's own EXEC; its
/// output on standard output, its exit code as the status; 127, 3 and 2 for a missing program, a
/// timeout and bad input.
/// </summary>
public sealed class ExecCommandTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly string _share;

    public ExecCommandTests()
    {
        _share = Path.Combine(_files.Folder, "share");
        Directory.CreateDirectory(_share);
        File.Copy(RepoPaths.Firmware("apps", "EXITWITH.COM"), Path.Combine(_share, "EXITWITH.COM"));
    }

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Systems => ["freedos", "concord-dos"];

    private string Diskette(string system) => system == "freedos"
        ? _files.Write("freedos.img", File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")))
        : _files.Write("cdos.img", File.ReadAllBytes(RepoPaths.Firmware("os", "cdos-at.img")));

    private CliRun Exec(string image, params string[] line) =>
        CliRun.Invoke(["exec", "--floppy", image, "--mount", $"D={_share}", "--timeout", "60", "--", .. line]);

    [Theory]
    [MemberData(nameof(Systems))]
    public void The_programs_exit_code_is_the_status_and_its_output_is_standard_output(string system)
    {
        string image = Diskette(system);
        foreach (int code in new[] { 0, 1, 42, 255 })
        {
            CliRun run = Exec(image, "D:\\EXITWITH.COM", code.ToString(System.Globalization.CultureInfo.InvariantCulture), "from", "the host");
            Assert.True(run.Status == code, $"status {run.Status}, expected {code}: {run.Stderr}");
            Assert.Equal($"exitwith: {code} from the host\n", run.Stdout);
            Assert.Equal("", run.Stderr);
        }
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void A_missing_program_is_status_127_with_one_line_naming_it(string system)
    {
        CliRun run = Exec(Diskette(system), "D:NOSUCH", "1");
        Assert.Equal(127, run.Status);
        Assert.Equal("", run.Stdout);
        Assert.Equal("concord: exec: D:NOSUCH: no such program in VM pc's DOS (tried D:NOSUCH.COM, D:NOSUCH.EXE, D:NOSUCH.BAT; give its drive and path, e.g. D:\\PROG.COM, or put its directory in the DOS's PATH)",
            Assert.Single(run.StderrLines));
    }

    [Fact]
    public void A_program_past_the_time_limit_is_status_3_and_its_output_so_far_is_shown()
    {
        CliRun run = CliRun.Invoke("exec", "--floppy", Diskette("freedos"), "--mount", $"D={_share}", "--timeout", "30", "--", "D:\\EXITWITH.COM", "hang"); // wall time: room for the boot on a loaded machine
        Assert.Equal(3, run.Status);
        Assert.Equal("exitwith: hang\n", run.Stdout);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("concord: exec: timed out after 30", line);
        Assert.Contains("D:\\EXITWITH.COM was still running", line);
    }

    [Fact]
    public void Bad_input_is_one_line_and_status_2()
    {
        string image = Diskette("freedos");
        CliRun none = CliRun.Invoke("exec", "--floppy", image);
        Assert.Equal(2, none.Status);
        Assert.Equal("concord: exec: no command given; put it after --, e.g. concord exec --mount D=. -- D:\\PROG.COM /X", Assert.Single(none.StderrLines));

        CliRun both = CliRun.Invoke("exec", "--floppy", image, "--machine", "m.toml", "--", "X");
        Assert.Equal(2, both.Status);
        Assert.Single(both.StderrLines);

        CliRun vm = CliRun.Invoke("exec", "--floppy", image, "--vm", "guest", "--", "X");
        Assert.Equal(2, vm.Status);
        Assert.Equal("concord: exec: --vm needs --machine (or the bundled system); the PC of --floppy has one VM", Assert.Single(vm.StderrLines));

        CliRun tooLong = CliRun.Invoke("exec", "--floppy", image, "--", "X", new string('a', 130));
        Assert.Equal(2, tooLong.Status);
        Assert.Equal("concord: exec: the arguments have 131 characters; a DOS command tail holds at most 126", Assert.Single(tooLong.StderrLines));

        CliRun missingImage = CliRun.Invoke("exec", "--floppy", Path.Combine(_files.Folder, "none.img"), "--", "X");
        Assert.Equal(2, missingImage.Status);
        Assert.Single(missingImage.StderrLines);
    }
}
