namespace Concord.Cli.Tests.Commands;

/// <summary>Bad input: exactly one line on standard error saying what was wrong and what is valid, status 2, nothing on stdout.</summary>
public sealed class BadInputTests
{
    private static string AssertBadInput(CliRun run)
    {
        Assert.Equal(2, run.Status);
        Assert.Equal("", run.Stdout);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("concord: ", line);
        Assert.DoesNotContain("Exception", line);
        Assert.DoesNotContain("   at ", run.Stderr);
        return line;
    }

    [Fact]
    public void Missing_image_names_the_path()
    {
        using var files = new TempFiles();
        string path = Path.Combine(files.Folder, "nope.img");

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless"));

        Assert.Equal($"concord: run: floppy image '{path}' does not exist; give the path of a raw image file (e.g. a 1.44 MB .img)", line);
    }

    [Fact]
    public void The_jit_on_an_80386_is_refused_with_what_would_do()
    {
        using var files = new TempFiles();
        string a = files.Write("a.img", BootSectors.Hello());

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", a, "--headless", "--engine", "jit"));

        Assert.Equal("concord: run: --engine jit with --cpu 80386: engine jit translates 8086 and 80286 code only, not 80386; " +
                     "use engine auto (the interpreter for the 80386) or interp", line);
    }

    [Fact]
    public void Folder_instead_of_an_image_is_refused()
    {
        using var files = new TempFiles();

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", files.Folder, "--headless"));

        Assert.Equal($"concord: run: floppy image '{files.Folder}' is a folder, not a diskette image; give the path of a raw image file (e.g. a 1.44 MB .img)", line);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(512)]
    [InlineData(1_474_561)]
    public void Image_of_no_diskette_size_is_refused_with_its_length_and_the_valid_sizes(int length)
    {
        using var files = new TempFiles();
        string path = files.Write("odd.img", new byte[length]);

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless"));

        Assert.StartsWith($"concord: run: floppy image '{path}': its size is {length} bytes, which is no diskette format; valid sizes are ", line);
        Assert.Contains("1474560 (1.44M)", line);
        Assert.Contains("737280 (720K)", line);
    }

    [Fact]
    public void Wrong_size_image_in_drive_B_is_named()
    {
        using var files = new TempFiles();
        string a = files.Write("a.img", BootSectors.Hello());
        string b = files.Write("b.img", new byte[1000]);

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", a, "--floppy-b", b, "--headless"));

        Assert.StartsWith($"concord: run: floppy image '{b}': its size is 1000 bytes", line);
    }

    [Fact]
    public void Image_held_by_another_user_of_the_file_is_refused()
    {
        using var files = new TempFiles();
        string path = files.Write("held.img", BootSectors.Hello());
        using var holder = Concord.Devices.Floppy.FloppyImage.Open(path, readOnly: false);

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless"));

        Assert.StartsWith($"concord: run: floppy image '{path}': cannot be opened, probably because another process (another Concord?) holds it", line);
    }

    [Fact]
    public void Unreadable_image_says_it_cannot_be_read()
    {
        using var files = new TempFiles();
        string path = files.Write("locked.img", BootSectors.Hello());
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix file modes do not exist on Windows");
        else File.SetUnixFileMode(path, UnixFileMode.None);
        bool readable;
        try { using (File.OpenRead(path)) readable = true; }
        catch (UnauthorizedAccessException) { readable = false; }
        Assert.SkipWhen(readable, "file permissions do not stop this user (root) from reading; nothing to test");

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless"));

        Assert.StartsWith($"concord: run: floppy image '{path}': not writable (permission denied)", line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_screen_dir_is_bad_input(string dir)
    {
        using var files = new TempFiles();
        string image = files.Write("boot.img", BootSectors.Spin());

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "0.2", "--screen-dir", dir));

        Assert.Equal($"concord: run: --screen-dir '{dir}': a folder name is needed (e.g. --screen-dir screens)", line);
    }

    [Fact]
    public void Unknown_option_lists_the_valid_ones()
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "--turbo"));

        Assert.Equal("concord: run: unknown option '--turbo'; valid options: --floppy, --floppy-b, --headless, --cpu, --engine, --profile, --clock, --expect, --send, --until-off, --timeout, --screen, --machine, --trace, --trace-ports, --screen-dir, --mount (see 'concord run --help')", line);
    }

    [Fact]
    public void Unknown_option_of_the_root_command_lists_the_commands_and_options()
    {
        string line = AssertBadInput(CliRun.Invoke("--turbo"));

        Assert.Contains("unknown option '--turbo'", line);
        Assert.Contains("--version", line);
    }

    [Fact]
    public void Unknown_command_lists_the_valid_ones()
    {
        string line = AssertBadInput(CliRun.Invoke("boot"));

        Assert.Equal("concord: unknown command 'boot'; valid commands: run, exec, disk, demo (see 'concord --help')", line);
    }

    [Fact]
    public void No_command_lists_the_valid_ones()
    {
        string line = AssertBadInput(CliRun.Invoke());

        Assert.Equal("concord: no command given; valid commands: run, exec, disk, demo (see 'concord --help')", line);
    }

    [Theory]
    [InlineData("z80")]
    [InlineData("80486")]
    [InlineData("")]
    public void Bad_cpu_model_lists_the_valid_models(string model)
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "--cpu", model));

        Assert.Equal($"concord: run: unknown CPU model '{model}' for --cpu; valid models: 8086, 80286, 80386 (see 'concord run --help')", line);
    }

    [Fact]
    public void Cpu_option_without_a_value_says_what_it_needs()
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "--cpu"));

        Assert.StartsWith("concord: run: option '--cpu' needs a value (MODEL): CPU model: 8086, 80286, 80386", line);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public void Bad_timeout_asks_for_a_positive_number_of_seconds(string timeout)
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "--timeout", timeout));

        Assert.Equal($"concord: run: --timeout '{timeout}' is not a positive number of seconds; give e.g. 10 or 0.5 (see 'concord run --help')", line);
    }

    [Fact]
    public void Missing_floppy_option_says_what_to_give()
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--headless", "--floppy-b", "b.img"));

        Assert.Equal("concord: run: missing --floppy IMAGE; give the path of a raw diskette image (e.g. a 1.44 MB .img)", line);
    }

    [Fact]
    public void Stray_argument_is_refused()
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "extra"));

        Assert.StartsWith("concord: run: unexpected argument 'extra'; valid options: --floppy", line);
    }

    [Fact]
    public void Run_without_headless_needs_a_terminal()
    {
        using var files = new TempFiles();
        string path = files.Write("hello.img", BootSectors.Hello());

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path));

        Assert.Equal("concord: run: the terminal UI needs a terminal on standard input and output; add --headless to run without it (port E9h output then goes to standard output)", line);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("")]
    public void Bad_clock_lists_the_valid_clocks(string clock)
    {
        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", "x.img", "--headless", "--clock", clock));

        Assert.Equal($"concord: run: unknown clock '{clock}' for --clock; valid clocks: virtual, realtime (see 'concord run --help')", line);
    }

    [Fact]
    public void Send_with_a_character_no_key_types_is_refused()
    {
        using var files = new TempFiles();
        string path = files.Write("hello.img", BootSectors.Hello());

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless", "--send", "caf\\xE9"));

        Assert.Equal("concord: run: --send 'caf\\xE9': character \\xE9 cannot be typed on a PC keyboard; send printable ASCII, \\r \\n \\t \\e \\b or control characters \\x01-\\x1A", line);
    }

    [Fact]
    public void Screen_file_in_a_missing_folder_is_refused_before_the_run()
    {
        using var files = new TempFiles();
        string path = files.Write("hello.img", BootSectors.Hello());
        string screen = Path.Combine(files.Folder, "no", "screen.txt");

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", path, "--headless", "--screen", screen));

        Assert.StartsWith($"concord: run: --screen '{screen}': the folder ", line);
    }
}
