using System.Diagnostics;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Engines.Interpreter;

namespace Concord.Cli.Tests;

/// <summary><c>concord disk</c>: round trips, listings, refusals (status 1) and bad input (status 2), cross-checked with mtools.</summary>
public sealed class DiskCommandTests : IDisposable
{
    private const string Time = "2024-03-15T09:26:54";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string NewImage(string format = "1.44M", string? label = null)
    {
        string path = Path.Combine(_files.Folder, $"{Guid.NewGuid():N}.img");
        string[] args = label is null
            ? ["disk", "create", path, "--format", format, "--time", Time]
            : ["disk", "create", path, "--format", format, "--label", label, "--time", Time];
        CliRun run = CliRun.Invoke(args);
        Assert.True(run.Status == 0, run.Stderr);
        return path;
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string OneErrorLine(CliRun run, int status)
    {
        Assert.Equal(status, run.Status);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("concord: disk ", line);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", line);
        return line;
    }

    private static long FreeBytes(string image) => FatVolume.Open(File.ReadAllBytes(image)).FreeBytes;

    // ---------------------------------------------------------------- create and ls

    [Theory]
    [InlineData("1.44M", 1_474_560, "1.44M (80 cylinders x 2 heads x 18 sectors of 512 bytes), FAT12, 1457664 bytes free")]
    [InlineData("1.23M", 1_261_568, "1.23M (77 cylinders x 2 heads x 8 sectors of 1024 bytes), FAT12, 1250304 bytes free")]
    [InlineData("720k", 737_280, "720K (80 cylinders x 2 heads x 9 sectors of 512 bytes), FAT12, 730112 bytes free")]
    [InlineData("1440", 1_474_560, "1.44M (80 cylinders x 2 heads x 18 sectors of 512 bytes), FAT12, 1457664 bytes free")]
    public void Create_makes_an_empty_volume_of_the_format(string format, int size, string report)
    {
        string path = Path.Combine(_files.Folder, "new.img");

        CliRun run = CliRun.Invoke("disk", "create", path, "--format", format);

        Assert.Equal(0, run.Status);
        Assert.Equal($"created '{path}': {report}\n", run.Stdout);
        Assert.Equal(size, new FileInfo(path).Length);
        Assert.Empty(FatVolume.Open(File.ReadAllBytes(path)).List());
    }

    [Fact]
    public void Create_defaults_to_1_44M()
    {
        string path = Path.Combine(_files.Folder, "default.img");
        Assert.Equal(0, CliRun.Invoke("disk", "create", path).Status);
        Assert.Equal(1_474_560, new FileInfo(path).Length);
    }

    [Fact]
    public void Ls_shows_label_names_sizes_dates_attributes_and_free_space()
    {
        string image = NewImage("1.44M", "Work Disk");
        string small = _files.Write("readme.txt", Pattern(1234, 1));
        string big = _files.Write("big.bin", Pattern(5000, 2));
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, small, "--time", "1999-12-31T23:59:58").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "mkdir", image, "GAMES").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, big, "games", "--time", Time).Status);
        uint serial = FatVolume.Open(File.ReadAllBytes(image)).VolumeId!.Value;

        CliRun root = CliRun.Invoke("disk", "ls", image);
        CliRun games = CliRun.Invoke("disk", "ls", image, "/games");

        Assert.Equal(0, root.Status);
        Assert.Equal("", root.Stderr);
        string[] lines = root.Stdout.Split('\n');
        Assert.Equal($"Volume WORK DISK, serial {serial >> 16:X4}-{serial & 0xFFFF:X4}, 1.44M FAT12", lines[0]);
        Assert.Equal("Directory of \\", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("README   TXT     1234  1999-12-31 23:59:58  ---A", lines[3]);
        Assert.Matches(@"^GAMES           <DIR>  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ----$", lines[4]);
        Assert.Equal("        1 file, 1234 bytes; 1 directory", lines[5]);
        Assert.Equal("        1450496 bytes free of 1457664", lines[6]); // 1234 bytes: 3 clusters; 5000: 10; GAMES: 1; 14 x 512 in all
        Assert.Equal(0, games.Status);
        Assert.Contains("Directory of \\GAMES\n\nBIG      BIN     5000  2024-03-15 09:26:54  ---A\n        1 file, 5000 bytes; 0 directories\n", games.Stdout);
    }

    [Fact]
    public void Ls_of_a_file_shows_just_that_file()
    {
        string image = NewImage("1.23M");
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("a.com", [0xCD, 0x20]), "--time", Time).Status);

        CliRun run = CliRun.Invoke("disk", "ls", image, "A.COM");

        Assert.Equal(0, run.Status);
        Assert.Contains("File \\A.COM\n\nA        COM        2  2024-03-15 09:26:54  ---A\n", run.Stdout);
        Assert.StartsWith("Volume has no label, serial ", run.Stdout);
    }

    // ---------------------------------------------------------------- put and get

    public static TheoryData<string, int> RoundTrips()
    {
        var data = new TheoryData<string, int>();
        foreach (string format in new[] { "1.44M", "1.23M" })
            foreach (int size in new[] { 0, 1, 511, 512, 513, 1024, 1025, 150_000 })
                data.Add(format, size);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Put_then_get_gives_the_same_bytes(string format, int size)
    {
        string image = NewImage(format);
        byte[] content = Pattern(size, size + 1);
        string host = _files.Write("in.dat", content);
        string back = Path.Combine(_files.Folder, "out.dat");
        long free = FreeBytes(image);

        CliRun put = CliRun.Invoke("disk", "put", image, host, "\\DATA.BIN");
        CliRun get = CliRun.Invoke("disk", "get", image, "data.bin", back);

        Assert.True(put.Status == 0, put.Stderr);
        Assert.True(get.Status == 0, get.Stderr);
        Assert.Equal(content, File.ReadAllBytes(back));
        int cluster = format == "1.23M" ? 1024 : 512;
        Assert.Equal(free - (size + cluster - 1) / cluster * cluster, FreeBytes(image));
        Assert.Equal($"DATA.BIN: {size} bytes; {FreeBytes(image)} bytes free\n", put.Stdout);
    }

    [Fact]
    public void Get_to_a_dash_writes_the_bytes_to_standard_output()
    {
        string image = NewImage("1.23M");
        byte[] content = Pattern(3000, 4);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("bin.dat", content)).Status);
        var raw = new MemoryStream();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int status = ConcordCli.Run(["disk", "get", image, "BIN.DAT", "-"], stdout, stderr, raw, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal("", stderr.ToString());
        Assert.Equal(content, raw.ToArray());
    }

    [Fact]
    public void Get_without_a_host_name_uses_the_DOS_name_and_keeps_the_time()
    {
        string image = NewImage();
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("notes.txt", "hi"u8.ToArray()), "--time", Time).Status);
        string folder = Path.Combine(_files.Folder, "out");
        Directory.CreateDirectory(folder);

        CliRun run = CliRun.Invoke("disk", "get", image, "NOTES.TXT", folder);

        Assert.Equal(0, run.Status);
        string written = Path.Combine(folder, "NOTES.TXT");
        Assert.Equal("hi"u8.ToArray(), File.ReadAllBytes(written));
        Assert.Equal(DateTime.Parse(Time, System.Globalization.CultureInfo.InvariantCulture), File.GetLastWriteTime(written));
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void A_file_can_fill_the_disk_then_put_is_refused_saying_what_is_free(string format)
    {
        string image = NewImage(format);
        byte[] fill = Pattern((int)FreeBytes(image), 5);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("fill.bin", fill)).Status);
        Assert.Equal(0, FreeBytes(image));
        byte[] before = File.ReadAllBytes(image);

        CliRun run = CliRun.Invoke("disk", "put", image, _files.Write("more.txt", "x"u8.ToArray()));

        string line = OneErrorLine(run, 1);
        Assert.Contains("disk full: '\\MORE.TXT' needs", line);
        Assert.EndsWith("but only 0 bytes are free", line);
        Assert.Equal(before, File.ReadAllBytes(image));
        CliRun get = CliRun.Invoke("disk", "get", image, "FILL.BIN", Path.Combine(_files.Folder, "fill.out"));
        Assert.Equal(0, get.Status);
        Assert.Equal(fill, File.ReadAllBytes(Path.Combine(_files.Folder, "fill.out")));
    }

    [Fact]
    public void A_host_file_larger_than_the_diskette_is_refused_as_disk_full()
    {
        string image = NewImage("720K");
        string host = Path.Combine(_files.Folder, "huge.bin");
        using (var f = File.Create(host)) f.SetLength(10_000_000);

        string line = OneErrorLine(CliRun.Invoke("disk", "put", image, host), 1);

        Assert.Contains($"disk full: '{host}' is 10000000 bytes, more than the whole diskette holds (730112 bytes; 730112 bytes are free)", line);
    }

    [Fact]
    public void Rm_frees_the_clusters_of_the_file()
    {
        string image = NewImage("1.23M");
        long empty = FreeBytes(image);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("a.bin", Pattern(10_000, 1))).Status);
        Assert.Equal(empty - 10 * 1024, FreeBytes(image));

        CliRun run = CliRun.Invoke("disk", "rm", image, "A.BIN");

        Assert.Equal(0, run.Status);
        Assert.Equal(empty, FreeBytes(image));
        Assert.Contains("0 files, 0 bytes", CliRun.Invoke("disk", "ls", image).Stdout);
    }

    [Fact]
    public void Mkdir_and_rmdir_make_and_remove_directories()
    {
        string image = NewImage();
        long empty = FreeBytes(image);
        Assert.Equal(0, CliRun.Invoke("disk", "mkdir", image, "TOOLS").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("t.com", [0xC3]), "TOOLS\\").Status);

        string notEmpty = OneErrorLine(CliRun.Invoke("disk", "rmdir", image, "TOOLS"), 1);
        Assert.Contains("the directory '\\TOOLS' is not empty (1 entries)", notEmpty);

        Assert.Equal(0, CliRun.Invoke("disk", "rm", image, "TOOLS/T.COM").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "rmdir", image, "TOOLS").Status);
        Assert.Equal(empty, FreeBytes(image));
    }

    // ---------------------------------------------------------------- bad input (2) and refusals (1)

    [Fact]
    public void Missing_image_is_named()
    {
        string path = Path.Combine(_files.Folder, "none.img");
        Assert.Equal($"concord: disk ls: floppy image '{path}' does not exist (make one with 'concord disk create {path}')",
            OneErrorLine(CliRun.Invoke("disk", "ls", path), 2));
    }

    [Fact]
    public void Image_of_a_wrong_size_is_refused_with_the_valid_sizes()
    {
        string path = _files.Write("odd.img", new byte[1000]);
        string line = OneErrorLine(CliRun.Invoke("disk", "put", path, path), 2);
        Assert.Equal($"concord: disk put: floppy image '{path}' is 1000 bytes, which is no diskette format; valid sizes are " +
            "163840 (160K), 184320 (180K), 327680 (320K), 368640 (360K), 737280 (720K), 1228800 (1.2M), 1261568 (1.23M), 1474560 (1.44M), 2949120 (2.88M)", line);
    }

    [Fact]
    public void Image_without_FAT12_is_refused()
    {
        string path = _files.Write("blank.img", new byte[1_261_568]);
        string line = OneErrorLine(CliRun.Invoke("disk", "ls", path), 2);
        Assert.Equal($"concord: disk ls: floppy image '{path}': not a FAT12 volume: the boot sector is blank (format it first, e.g. 'concord disk create')", line);
    }

    [Fact]
    public void Missing_DOS_file_is_named()
    {
        string image = NewImage();
        Assert.Equal($"concord: disk get: floppy image '{image}': '\\GAMES' not found", // the first missing part
            OneErrorLine(CliRun.Invoke("disk", "get", image, "games/doom.exe"), 2));
        Assert.Equal($"concord: disk rm: floppy image '{image}': '\\GONE.TXT' not found",
            OneErrorLine(CliRun.Invoke("disk", "rm", image, "gone.txt"), 2));
    }

    [Theory]
    [InlineData("verylongname.txt", "'verylongname.txt' has 12 characters before the extension; 8.3 names allow at most 8")]
    [InlineData("a.html", "'a.html' has an extension of 4 characters; 8.3 names allow at most 3")]
    [InlineData("a b.txt", "'a b.txt' contains a space")]
    public void Name_that_is_not_8_3_is_refused_saying_why(string dosName, string reason)
    {
        string image = NewImage();
        string host = _files.Write("x.txt", "x"u8.ToArray());
        byte[] before = File.ReadAllBytes(image);

        string line = OneErrorLine(CliRun.Invoke("disk", "put", image, host, dosName), 2);

        Assert.Contains(reason, line);
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void Host_file_whose_name_is_not_8_3_needs_a_DOS_name()
    {
        string image = NewImage();
        string host = _files.Write("read me first.txt", "x"u8.ToArray());

        string line = OneErrorLine(CliRun.Invoke("disk", "put", image, host), 2);

        Assert.StartsWith("concord: disk put: the host file's name is not an 8.3 name: 'read me first.txt' has 13 characters before the extension", line);
        Assert.EndsWith($"give the DOS name after HOSTFILE, e.g. 'concord disk put IMAGE {host} NAME.EXT'", line);
    }

    [Fact]
    public void Missing_host_file_is_named()
    {
        string image = NewImage();
        string host = Path.Combine(_files.Folder, "nope.bin");
        Assert.Equal($"concord: disk put: host file '{host}' does not exist", OneErrorLine(CliRun.Invoke("disk", "put", image, host), 2));
    }

    [Fact]
    public void Image_held_by_a_running_machine_is_refused_and_left_alone()
    {
        string image = NewImage();
        string host = _files.Write("x.txt", "x"u8.ToArray());
        byte[] before = File.ReadAllBytes(image);
        using (FloppyImage.Open(image, readOnly: false)) // as 'concord run' holds the drive's image
        {
            string put = OneErrorLine(CliRun.Invoke("disk", "put", image, host), 1);
            string ls = OneErrorLine(CliRun.Invoke("disk", "ls", image), 1);

            Assert.Equal($"concord: disk put: floppy image '{image}' is in use by another process (a running machine?), so it cannot be changed now; stop the machine first", put);
            Assert.Contains("so it cannot be read now", ls);
        }
        Assert.Equal(before, File.ReadAllBytes(image));
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, host).Status);
    }

    [Fact]
    public void Create_never_overwrites()
    {
        string image = NewImage();
        File.WriteAllBytes(image, [1, 2, 3]);

        string line = OneErrorLine(CliRun.Invoke("disk", "create", image), 1);

        Assert.Contains("exists already; 'disk create' never overwrites", line);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(image));
    }

    [Theory]
    [InlineData(new[] { "disk", "create", "x.img", "--format", "1.3M" }, "concord: disk create: unknown format '1.3M' for --format; valid formats: 160K, 180K, 320K, 360K, 720K, 1.2M, 1.23M, 1.44M, 2.88M (see 'concord disk create --help')")]
    [InlineData(new[] { "disk", "create", "x.img", "--label", "FAR TOO LONG" }, "concord: disk create: the label 'FAR TOO LONG' has 12 characters; a volume label has at most 11")]
    [InlineData(new[] { "disk", "put", "x.img" }, "concord: disk put: missing HOSTFILE; usage: concord disk put IMAGE HOSTFILE [DOSPATH]")]
    [InlineData(new[] { "disk", "get" }, "concord: disk get: missing IMAGE; usage: concord disk get IMAGE DOSPATH [HOSTFILE|-]")]
    [InlineData(new[] { "disk", "ls", "x.img", "a", "b" }, "concord: disk ls: unexpected argument 'b' (see 'concord disk ls --help')")]
    [InlineData(new[] { "disk", "put", "x.img", "y", "--time", "yesterday" }, "concord: disk put: --time 'yesterday' is not a date and time DOS can store; give e.g. 1994-03-01T12:00:00 (years 1980 to 2107) (see 'concord disk put --help')")]
    [InlineData(new[] { "disk" }, "concord: disk: no subcommand given; valid subcommands: create, ls, put, get, rm, mkdir, rmdir (see 'concord disk --help')")]
    public void Usage_errors_are_one_line_with_status_2(string[] args, string expected)
    {
        CliRun run = CliRun.Invoke(args);
        Assert.Equal(2, run.Status);
        Assert.Equal(expected, Assert.Single(run.StderrLines));
        Assert.False(File.Exists("x.img"));
    }

    // ---------------------------------------------------------------- other implementations and the boot program

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Image_made_by_the_command_is_read_by_mtools(string format)
    {
        string mdir = RequireTool("mdir", "mtools");
        string mcopy = RequireTool("mcopy", "mtools");
        string image = NewImage(format, "CONCORD");
        byte[] content = Pattern(40_000, 8);
        Assert.Equal(0, CliRun.Invoke("disk", "mkdir", image, "SRC").Status);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("prog.asm", content), "SRC", "--time", Time).Status);

        var (status, listing, stderr) = RunTool(mdir, "-i", image, "::SRC");
        Assert.True(status == 0, stderr);
        Assert.Contains("Volume in drive : is CONCORD", listing);
        Assert.Matches(@"PROG\s+ASM\s+40000 2024-03-15\s+9:26", listing);
        string copied = Path.Combine(_files.Folder, "copied.asm");
        (status, _, stderr) = RunTool(mcopy, "-n", "-i", image, "::SRC/PROG.ASM", copied);
        Assert.True(status == 0, stderr);
        Assert.Equal(content, File.ReadAllBytes(copied));
    }

    [Fact]
    public void Files_put_on_a_mkfs_fat_image_are_read_by_mtools_and_fsck_finds_nothing()
    {
        string mkfs = RequireTool("mkfs.fat", "dosfstools");
        string mcopy = RequireTool("mcopy", "mtools");
        string image = Path.Combine(_files.Folder, "mkfs.img");
        var (status, _, stderr) = RunTool(mkfs, "-C", image, "1440");
        Assert.True(status == 0, stderr);
        byte[] content = Pattern(70_000, 9);
        Assert.Equal(0, CliRun.Invoke("disk", "put", image, _files.Write("data.bin", content)).Status);

        string copied = Path.Combine(_files.Folder, "mkfs.out");
        (status, _, stderr) = RunTool(mcopy, "-n", "-i", image, "::DATA.BIN", copied);
        Assert.True(status == 0, stderr);
        Assert.Equal(content, File.ReadAllBytes(copied));
        string fsck = RequireTool("fsck.fat", "dosfstools");
        string report;
        (status, report, stderr) = RunTool(fsck, "-n", image);
        Assert.True(status == 0, report + stderr);
    }

    [Theory]
    [InlineData("1.44M")]
    [InlineData("1.23M")]
    public void Booting_a_created_image_says_it_is_not_a_system_disk(string format)
    {
        byte[] image = File.ReadAllBytes(NewImage(format));
        using var ram = new MemoryBlock(1 << 20);
        using var memory = new MemoryMap();
        memory.MapRam(0, ram, 0, 1 << 20);
        memory.Load(0x7C00, image.AsSpan(0, 512));
        // INT 10h: out 0E9h, al; iret. INT 16h (wait for a key): hlt, so the run ends there.
        memory.Load(0x0500, [0xE6, 0xE9, 0xCF]);
        memory.Load(0x0510, [0xF4]);
        memory.Load(0x10 * 4, [0x00, 0x05, 0x00, 0x00]);
        memory.Load(0x16 * 4, [0x10, 0x05, 0x00, 0x00]);
        var console = new ConsolePort();
        var cpu = new Interpreter(new VcpuOptions { Model = CpuModel.I8086 }, memory, console) { ExitOnHalt = true };
        CpuState state = CpuState.AfterReset(CpuModel.I8086);
        state.CS = 0x07C0; // some BIOSes enter at 07C0:0000
        state.IP = 0;
        cpu.SetState(state);

        RunResult result = cpu.Run(100_000);

        Assert.Equal(ExitReason.Halted, result.Reason);
        Assert.Equal(FatBootProgram.Message, console.Text);
        Assert.Contains("not a system disk", console.Text);
    }

    private sealed class ConsolePort : IPortBus
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text => _text.ToString();

        public byte In8(ushort port) => 0xFF;

        public ushort In16(ushort port) => 0xFFFF;

        public void Out8(ushort port, byte value)
        {
            if (port == 0xE9) _text.Append((char)value);
        }

        public void Out16(ushort port, ushort value) => Out8(port, (byte)value);
    }

    private static string RequireTool(string tool, string package)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            string candidate = Path.Combine(folder, tool);
            if (folder.Length > 0 && File.Exists(candidate)) return candidate;
        }
        Assert.Skip($"{tool} is not installed (apt-get install -y {package})");
        return "";
    }

    private static (int Status, string Stdout, string Stderr) RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["MTOOLSRC"] = "/dev/null";
        start.Environment["LC_ALL"] = "C";
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not end within 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
