using System.Text;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests;

/// <summary>
/// Concord DOS, the bundled OS (<c>firmware/os</c>), booted from its committed at-profile diskette by
/// <c>concord run --headless</c>: the shell's prompt and commands, programs, files copied between A:
/// and B: and read back from the image files, and APM power off. Every run works on copies of the
/// images (Concord locks the images it runs).
/// </summary>
public sealed class BundledOsTests
{
    private const string Prompt = "A:\\>";
    private const string Timeout = "60";

    private static string CommittedImage => RepoPaths.Under("firmware", "os", "cdos-at.img");

    /// <summary>What WRITE.COM writes: 100 lines "CDOS WRITE.COM line NNN" CR LF.</summary>
    private static byte[] WriteComContent()
    {
        var text = new StringBuilder();
        for (int i = 1; i <= 100; i++) text.Append($"CDOS WRITE.COM line {i:D3}\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// Boots the OS from <paramref name="a"/>, types each of <paramref name="commands"/> at the prompt, then
    /// POWEROFF. A send completes only when the guest has read every key of it, so each command starts
    /// after the one before has ended; the last step waits for text that never comes, so the run ends with
    /// status 0 only through the power off (a timeout gives 3).
    /// </summary>
    private static (CliRun Run, string Screen) Boot(TempFiles files, string a, string? b, params string[] commands) =>
        BootWithin(Timeout, files, a, b, commands);

    private static (CliRun Run, string Screen) BootWithin(string timeout, TempFiles files, string a, string? b, params string[] commands) =>
        BootWithinOn("at", timeout, files, a, b, commands);

    private static (CliRun Run, string Screen) BootWithinOn(string profile, string timeout, TempFiles files, string a, string? b, params string[] commands)
    {
        string screen = Path.Combine(files.Folder, "screen.txt");
        var args = new List<string> { "run", "--floppy", a, "--headless", "--profile", profile, "--timeout", timeout, "--screen", screen, "--expect", Prompt };
        if (b is not null) args.InsertRange(3, ["--floppy-b", b]);
        foreach (string command in commands) args.AddRange(["--send", command + "\\r"]);
        args.AddRange(["--send", "POWEROFF\\r", "--until-off"]);
        CliRun run = CliRun.Invoke([.. args]);
        return (run, File.Exists(screen) ? File.ReadAllText(screen) : "");
    }

    private static string CopyOfCommittedImage(TempFiles files) => files.Write("a.img", File.ReadAllBytes(CommittedImage));

    /// <summary>The guest's console as written to port E9h (the OS drops carriage returns there).</summary>
    private static string Transcript(CliRun run) => BootSectors.GuestOutput(run.Stdout);

    /// <summary>What the committed AUTOEXEC.BAT of <paramref name="image"/> shows: it starts with @ECHO OFF, then ECHO lines.</summary>
    private static string AutoexecOutput(string image)
    {
        string[] lines = Encoding.ASCII.GetString(FatVolume.Open(File.ReadAllBytes(RepoPaths.Under("firmware", "os", image))).ReadFile("AUTOEXEC.BAT"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("@ECHO OFF", lines[0]);
        Assert.All(lines[1..], l => Assert.StartsWith("ECHO ", l));
        Assert.InRange(lines.Length - 1, 2, 3); // two or three short lines
        Assert.All(lines, l => Assert.True(l.Length - "ECHO ".Length < 80, l));
        return string.Concat(lines[1..].Select(l => l["ECHO ".Length..] + "\n"));
    }

    [Fact]
    public void Boots_to_the_prompt_with_its_banner_and_the_lines_of_its_autoexec_bat()
    {
        using var files = new TempFiles();

        var (run, screen) = Boot(files, CopyOfCommittedImage(files), null);

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string autoexec = AutoexecOutput("cdos-at.img");
        Assert.StartsWith("Concord DOS for the PC/AT", autoexec);
        Assert.Contains("XFER B:DATA.BIN A:COPY.BIN", autoexec); // the parent's disk is A:, the guest's B:
        Assert.Contains("\nConcord DOS 1.00 (at)\nType HELP for the commands.\n" + autoexec + "\nA:\\>POWEROFF\n", Transcript(run));
        Assert.Contains("Concord DOS 1.00 (at)", screen);
    }

    [Fact]
    public void Autoexec_bat_runs_at_boot_as_if_typed_with_echo_at_rem_a_program_and_cut_and_unterminated_lines()
    {
        using var files = new TempFiles();
        string a = CopyOfCommittedImage(files);
        string overlong = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + i % 26)));
        string batch = "ECHO first-echoed\r\n"
            + "@ECHO at-line\r\n"
            + "REM a comment, its line ending in LF only\n"
            + "\r\n"
            + "ECHO OFF\r\n"
            + "ECHO silent\r\n"
            + "HELLO from-autoexec\r\n"
            + "ECHO\r\n"
            + "ECHO " + overlong + "\r\n"
            + "ECHO ON\n"
            + "ECHO last-line-without-newline";
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(a), a);
        volume.WriteFile("AUTOEXEC.BAT", Encoding.ASCII.GetBytes(batch));
        File.WriteAllBytes(a, volume.ToArray());

        // The prompt of the first echoed line satisfies the first expect, so POWEROFF is typed while the
        // batch runs: its keys wait in the keyboard buffer and run after the batch, at the real prompt.
        var (run, _) = Boot(files, a, null);

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        const int lineRoom = 126; // the shell's line buffer: a longer line is cut there
        Assert.Contains("Type HELP for the commands.\n"
            + "\nA:\\>ECHO first-echoed\nfirst-echoed\n"
            + "at-line\n"
            + "\nA:\\>REM a comment, its line ending in LF only\n"
            + "\nA:\\>ECHO OFF\n"
            + "silent\n"
            + "Hello from a Concord DOS program!\nCommand tail: from-autoexec\n"
            + "ECHO is off\n"
            + overlong[..(lineRoom - "ECHO ".Length)] + "\n"
            + "\nA:\\>ECHO last-line-without-newline\nlast-line-without-newline\n"
            + "\nA:\\>POWEROFF\nPowering off.\n", Transcript(run));
    }

    [Fact]
    public void A_batch_file_runs_when_typed_by_name_and_one_it_starts_replaces_it()
    {
        using var files = new TempFiles();
        FatVolume disk = FatVolume.Open(FatVolume.CreateImage(FloppyGeometry.Floppy1440K));
        disk.WriteFile("FIRST.BAT", Encoding.ASCII.GetBytes("@ECHO OFF\r\nECHO in-first\r\nSECOND\r\nECHO never-shown\r\n"));
        disk.WriteFile("SECOND.BAT", Encoding.ASCII.GetBytes("ECHO in-second\r\n"));
        disk.WriteFile("HELLO.BAT", Encoding.ASCII.GetBytes("@ECHO hello-bat\r\n"));
        string b = files.Write("b.img", disk.ToArray());

        var (run, _) = Boot(files, CopyOfCommittedImage(files), b, "B:", "FIRST", "HELLO", "A:", "HELLO", "B:SECOND.BAT", "SECOND");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string transcript = Transcript(run);
        // FIRST chains to SECOND (echo stays off in the chain), which does not come back; echo is on again after it.
        Assert.Contains("B:\\>FIRST\nin-first\nin-second\n\nB:\\>HELLO\n", transcript);
        Assert.DoesNotContain("never-shown", transcript);
        // On B: the current drive's HELLO.BAT comes before the boot drive's HELLO.COM; on A: HELLO.COM runs.
        Assert.Contains("B:\\>HELLO\nhello-bat\n\nB:\\>A:\n\nA:\\>HELLO\nHello from a Concord DOS program!\n", transcript);
        Assert.Contains("A:\\>B:SECOND.BAT\n\nA:\\>ECHO in-second\nin-second\n", transcript);
        Assert.Contains("A:\\>SECOND\nBad command or file name\n", transcript); // not on A:, the boot drive
    }

    [Fact]
    public void Dir_lists_every_file_with_its_size_and_the_bytes_free()
    {
        using var files = new TempFiles();
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(CommittedImage));

        var (run, _) = Boot(files, CopyOfCommittedImage(files), null, "DIR");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        IReadOnlyList<FatDirectoryEntry> entries = volume.List();
        Assert.Equal(["KERNEL.SYS", "HELLO.COM", "WRITE.COM", "README.TXT", "XFER.COM", "RDIR.COM", "RTYPE.COM", "DATA.BIN", "POWEROFF.COM", "AUTOEXEC.BAT"], entries.Select(e => e.Name));
        var expected = new StringBuilder("A:\\>DIR\n Volume in drive A is CDOS\n Directory of A:\\\n\n");
        foreach (FatDirectoryEntry entry in entries)
        {
            string[] parts = entry.Name.Split('.');
            expected.Append($"{parts[0],-8} {parts[1],-3}{entry.Size,10} 11-27-26  12:00\n");
        }
        expected.Append($"{entries.Count,9} file(s){entries.Sum(e => e.Size),12} bytes\n");
        expected.Append($"{volume.FreeBytes,31} bytes free\n\nA:\\>");
        Assert.Contains(expected.ToString(), Transcript(run));
    }

    [Fact]
    public void Type_shows_a_file_as_it_is_on_the_disk()
    {
        using var files = new TempFiles();
        string readme = Encoding.ASCII.GetString(FatVolume.Open(File.ReadAllBytes(CommittedImage)).ReadFile("README.TXT"));

        var (run, _) = Boot(files, CopyOfCommittedImage(files), null, "TYPE README.TXT");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        Assert.Contains("A:\\>TYPE README.TXT\n" + readme.Replace("\r", "") + "\nA:\\>POWEROFF", Transcript(run));
    }

    [Fact]
    public void Hello_runs_with_its_command_tail_and_returns_to_the_prompt()
    {
        using var files = new TempFiles();

        var (run, _) = Boot(files, CopyOfCommittedImage(files), null, "HELLO one two", "HELLO.COM", "A:HELLO");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        Assert.Contains("A:\\>HELLO one two\nHello from a Concord DOS program!\nCommand tail: one two\n\n"
            + "A:\\>HELLO.COM\nHello from a Concord DOS program!\n\n"
            + "A:\\>A:HELLO\nHello from a Concord DOS program!\n\nA:\\>POWEROFF", Transcript(run));
    }

    [Fact]
    public void An_unknown_command_is_reported()
    {
        using var files = new TempFiles();

        var (run, _) = Boot(files, CopyOfCommittedImage(files), null, "NOSUCH", "README.TXT");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        Assert.Contains("A:\\>NOSUCH\nBad command or file name\n\nA:\\>README.TXT\nBad command or file name\n", Transcript(run));
    }

    [Fact]
    public void Dir_of_a_drive_it_cannot_read_says_so_instead_of_listing_no_files()
    {
        using var files = new TempFiles();
        string pc98Diskette = files.Write("b.img", File.ReadAllBytes(RepoPaths.Under("firmware", "os", "cdos-pc98.img")));

        var (empty, _) = Boot(files, CopyOfCommittedImage(files), null, "DIR B:");
        var (otherFormat, _) = Boot(files, CopyOfCommittedImage(files), pc98Diskette, "DIR B:"); // 1024-byte sectors: the other OS's disk

        foreach (CliRun run in new[] { empty, otherFormat })
        {
            Assert.True(run.Status == 0, run.Stdout + run.Stderr);
            Assert.Contains("A:\\>DIR B:\nDrive not ready\n\nA:\\>POWEROFF", Transcript(run));
        }
    }

    [Fact]
    public void Copy_to_b_and_back_gives_byte_identical_files_in_both_images()
    {
        using var files = new TempFiles();
        string a = CopyOfCommittedImage(files);
        string b = files.Write("b.img", FatVolume.CreateImage(FloppyGeometry.Floppy1440K));
        byte[] readme = FatVolume.Open(File.ReadAllBytes(CommittedImage)).ReadFile("README.TXT");

        var (run, _) = Boot(files, a, b,
            "WRITE", "COPY A:WRITE.TXT B:WRITE.TXT", "COPY README.TXT B:", "B:", "COPY WRITE.TXT A:BACK.TXT", "A:");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string transcript = Transcript(run);
        Assert.Contains("A:\\>WRITE\nWRITE: 2500 bytes written\n", transcript);
        Assert.Equal(3, transcript.Split("        1 file(s) copied\n").Length - 1);
        FatVolume volumeB = FatVolume.Open(File.ReadAllBytes(b));
        Assert.Equal(WriteComContent(), volumeB.ReadFile("WRITE.TXT"));
        Assert.Equal(readme, volumeB.ReadFile("README.TXT"));
        FatVolume volumeA = FatVolume.Open(File.ReadAllBytes(a));
        Assert.Equal(WriteComContent(), volumeA.ReadFile("WRITE.TXT"));
        Assert.Equal(WriteComContent(), volumeA.ReadFile("BACK.TXT"));
        // no cluster lost or shared: the used space is exactly what the files need
        Assert.Equal(volumeA.TotalBytes - volumeA.FreeBytes,
            volumeA.List().Sum(e => (e.Size + volumeA.ClusterSize - 1) / volumeA.ClusterSize * volumeA.ClusterSize));
    }

    [Fact]
    public void Del_and_ren_change_the_directory_on_the_disk()
    {
        using var files = new TempFiles();
        string a = CopyOfCommittedImage(files);

        var (run, _) = Boot(files, a, null, "REN README.TXT READ.ME", "DEL HELLO.COM", "DEL KERNEL.SYS", "HELLO");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string transcript = Transcript(run);
        Assert.Contains("A:\\>DEL KERNEL.SYS\nAccess denied\n", transcript);
        Assert.Contains("A:\\>HELLO\nBad command or file name\n", transcript);
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(a));
        Assert.Null(volume.Find("HELLO.COM"));
        Assert.Null(volume.Find("README.TXT"));
        Assert.NotNull(volume.Find("KERNEL.SYS"));
        Assert.Equal(FatVolume.Open(File.ReadAllBytes(CommittedImage)).ReadFile("README.TXT"), volume.ReadFile("READ.ME"));
    }

    [Fact]
    public void Ver_echo_time_and_date_answer()
    {
        using var files = new TempFiles();

        // TIME and DATE ask for a new value: the empty line keeps it.
        var (run, _) = Boot(files, CopyOfCommittedImage(files), null, "VER", "ECHO Hello there", "TIME", "", "DATE", "");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string transcript = Transcript(run);
        Assert.Contains("A:\\>VER\n\nConcord DOS version 1.00 (at profile)\n", transcript);
        Assert.Contains("A:\\>ECHO Hello there\nHello there\n", transcript);
        Assert.Matches(@"A:\\>TIME\nCurrent time is \d\d:\d\d:\d\d\.\d\d\nEnter new time: \n\nA:\\>", transcript);
        Assert.Matches(@"A:\\>DATE\nCurrent date is (Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d-\d\d-\d{4}\nEnter new date \(mm-dd-yy\): \n\nA:\\>", transcript);
    }

    [Fact]
    public void Poweroff_switches_the_machine_off_and_concord_exits_0()
    {
        using var files = new TempFiles();

        var (run, _) = Boot(files, CopyOfCommittedImage(files), null);

        Assert.Equal(0, run.Status);
        Assert.Contains("A:\\>POWEROFF\nPowering off.\nConcord BIOS: APM power off", run.Stdout);
    }

    [Fact]
    public void Poweroff_typed_on_drive_b_runs_poweroff_com_from_the_boot_drive()
    {
        using var files = new TempFiles();
        string b = files.Write("b.img", FatVolume.CreateImage(FloppyGeometry.Floppy1440K));

        // Boot types POWEROFF last: here at B:\>, whose disk has no programs at all.
        var (run, _) = Boot(files, CopyOfCommittedImage(files), b, "B:", "NOSUCH");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        string transcript = Transcript(run);
        Assert.Contains("B:\\>NOSUCH\nBad command or file name\n", transcript); // looked for on B:, then on A:
        Assert.Contains("B:\\>POWEROFF\nPowering off.\nConcord BIOS: APM power off", run.Stdout);
        Assert.Empty(FatVolume.Open(File.ReadAllBytes(b)).List());
    }

    [Fact]
    public void Poweroff_is_a_program_not_a_built_in_command()
    {
        using var files = new TempFiles();
        string a = CopyOfCommittedImage(files);
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(a), a);
        volume.DeleteFile("POWEROFF.COM");
        File.WriteAllBytes(a, volume.ToArray());

        // Without POWEROFF.COM the machine stays on: the run ends at the timeout (status 3).
        var (run, _) = BootWithin("5", files, a, null);

        Assert.Equal(3, run.Status);
        Assert.Contains("A:\\>POWEROFF\nBad command or file name\n", Transcript(run));
        Assert.DoesNotContain("APM power off", run.Stdout);
    }

    [Theory]
    [InlineData("cdos-at.img", 1474560, 512, 224)]
    [InlineData("cdos-pc98.img", 1261568, 1024, 192)]
    public void Committed_images_hold_the_built_files_in_their_profile_format(string image, int size, int sectorSize, int rootEntries)
    {
        byte[] bytes = File.ReadAllBytes(RepoPaths.Under("firmware", "os", image));
        Assert.Equal(size, bytes.Length);
        FatVolume volume = FatVolume.Open(bytes, image);

        Assert.Equal(sectorSize, volume.Parameters.BytesPerSector);
        Assert.Equal(rootEntries, volume.Parameters.RootEntries);
        Assert.Equal("CDOS", volume.Label);
        string profile = image == "cdos-at.img" ? "at" : "pc98";
        string[] profileApps = profile == "at" ? ["apps"] : ["apps", "pc98"]; // POWEROFF.COM calls its own profile's BIOS
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under("firmware", "os", profile, "KERNEL.SYS")), volume.ReadFile("KERNEL.SYS"));
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under("firmware", "apps", "HELLO.COM")), volume.ReadFile("HELLO.COM"));
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under("firmware", "apps", "WRITE.COM")), volume.ReadFile("WRITE.COM"));
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under(["firmware", .. profileApps, "POWEROFF.COM"])), volume.ReadFile("POWEROFF.COM"));
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under("firmware", "os", "disk", profile, "AUTOEXEC.BAT")), volume.ReadFile("AUTOEXEC.BAT"));
        Assert.Equal(File.ReadAllBytes(RepoPaths.Under("firmware", "os", "disk", "README.TXT")), volume.ReadFile("README.TXT"));
        Assert.Equal(volume.TotalBytes - volume.FreeBytes,
            volume.List().Sum(e => (e.Size + volume.ClusterSize - 1) / volume.ClusterSize * volume.ClusterSize));
    }

    [Fact]
    public void Pc98_image_boots_on_the_pc98_profile_and_copies_to_a_1_23m_b_drive()
    {
        using var files = new TempFiles();
        string a = files.Write("a.img", File.ReadAllBytes(RepoPaths.Under("firmware", "os", "cdos-pc98.img")));
        string b = files.Write("b.img", FatVolume.CreateImage(FloppyGeometry.Floppy1232K));

        var (run, screen) = BootWithinOn("pc98", "20", files, a, b, "WRITE", "COPY WRITE.TXT B:", "VER");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        Assert.Contains("Concord PC-98 BIOS 1.0", run.Stdout);   // the PC-98 BIOS, not the AT one
        Assert.Contains("A:\\>", screen);                      // read from the PC-98 text VRAM
        Assert.Contains("Concord DOS version 1.00 (pc98 profile)", Transcript(run));
        string autoexec = AutoexecOutput("cdos-pc98.img");
        Assert.StartsWith("Concord DOS for the PC-98", autoexec);
        Assert.Contains("XFER A:DATA.BIN B:COPY.BIN", autoexec); // the guest's view: the parent's disk is A:
        Assert.Contains("\nConcord DOS 1.00 (pc98)\nType HELP for the commands.\n" + autoexec + "\nA:\\>WRITE\n", Transcript(run));
        Assert.Equal(WriteComContent(), FatVolume.Open(File.ReadAllBytes(b)).ReadFile("WRITE.TXT"));
        Assert.Equal(WriteComContent(), FatVolume.Open(File.ReadAllBytes(a)).ReadFile("WRITE.TXT"));
    }

    [Fact]
    public void The_old_profile_name_nx_runs_the_pc98_profile()
    {
        using var files = new TempFiles();
        string a = files.Write("a.img", File.ReadAllBytes(RepoPaths.Under("firmware", "os", "cdos-pc98.img")));

        var (run, _) = BootWithinOn("nx", "20", files, a, null, "VER");

        Assert.True(run.Status == 0, run.Stdout + run.Stderr);
        Assert.Contains("Concord PC-98 BIOS 1.0", run.Stdout);
        Assert.Contains("Concord DOS version 1.00 (pc98 profile)", Transcript(run));
    }
}
