using System.Diagnostics;
using System.Text;
using Concord.Cli;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests.Process;

/// <summary>
/// Crash consistency: a headless <c>concord run</c> of two VMs, each writing files on its own diskette
/// (the parent's 1.44M, the guest's 1.23M of 1024-byte sectors) one after the other, is killed with
/// SIGKILL at a random point, round after round. Every image must then be readable by our FAT checker
/// (every file read back whole, no chain broken) and by fsck.fat where it is installed (lost clusters
/// of the file being written are allowed, as after any crash; damage to a written file is not), and
/// every file closed before the kill must be intact.
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int Files = 60;
    /// <summary>Rounds in dotnet test; CONCORD_CRASH_ROUNDS asks for more (the long run).</summary>
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CONCORD_CRASH_ROUNDS"), out int n) && n > 0 ? n : 6;

    private static readonly byte[] WriteContent = Encoding.ASCII.GetBytes(string.Concat(
        Enumerable.Range(1, 100).Select(i => $"CDOS WRITE.COM line {i:000}\r\n")));

    private const string MachineFile = """
        [[vm]]
        name = "dos"
        role = "parent"
        profile = "at"
        boot = "A"

        [[vm]]
        name = "guest"
        role = "guest"
        profile = "pc98"
        boot = "B"

        [[drive]]
        name = "dos-disk"
        image = "a.img"
        unit = 0

        [[drive]]
        name = "guest-disk"
        image = "b.img"
        unit = 1

        [clock]
        mode = "virtual"
        """;

    [Fact]
    public void A_run_killed_while_its_guests_write_leaves_every_image_readable_and_every_closed_file_intact()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("SIGKILL of a child process: Linux");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        bool fsck = HasFsck();
        if (!fsck) output.WriteLine("fsck.fat is not installed: our checker only");

        for (int round = 0; round < Rounds; round++)
        {
            using var temp = new TempFiles();
            string a = Prepare(temp, "a.img", "cdos-at.img"), b = Prepare(temp, "b.img", "cdos-pc98.img");
            string machine = temp.Write("m.toml", Encoding.UTF8.GetBytes(MachineFile));
            int killAfterMs = random.Next(600, 1700);

            using var run = System.Diagnostics.Process.Start(ProcessTests.StartInfo(
                ["run", "--machine", machine, "--headless", "--timeout", "60"]))!;
            run.StandardInput.Close();
            _ = run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            bool ended = run.WaitForExit(killAfterMs);
            if (!ended) run.Kill(); // SIGKILL on Linux: no flush, no handler runs
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "the killed process did not go");

            string summary = $"round {round} (seed {seed}), killed after {killAfterMs} ms{(ended ? " (it had ended)" : "")}";
            int closedA = Check(a, summary + ", A:", fsck);
            int closedB = Check(b, summary + ", B:", fsck);
            output.WriteLine($"{summary}: {closedA} files closed on A:, {closedB} on B:");
        }
    }

    private static string Prepare(TempFiles temp, string name, string firmware)
    {
        string path = Path.Combine(temp.Folder, name);
        File.Copy(RepoPaths.Firmware("os", firmware), path);
        string batch = string.Concat(Enumerable.Range(1, Files).Select(i => $"WRITE F{i:000}.TXT\r\n")) + "POWEROFF\r\n";
        string host = temp.Write(name + ".bat", Encoding.ASCII.GetBytes(batch));
        var put = CliRun.Invoke("disk", "put", path, host, "AUTOEXEC.BAT");
        Assert.True(put.Status == 0, put.Stderr);
        return path;
    }

    /// <summary>Checks one image; returns how many of the files were closed (complete) before the kill.</summary>
    private static int Check(string image, string what, bool fsck)
    {
        var volume = FatVolume.Open(File.ReadAllBytes(image), image);   // the boot sector and BPB are whole
        var written = volume.List().Where(e => e.Name.StartsWith('F') && e.Name.EndsWith(".TXT", StringComparison.Ordinal))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        foreach (var entry in volume.List())
        {
            byte[] content = volume.ReadFile(entry.Name);                // every file reads back whole
            Assert.Equal((int)entry.Size, content.Length);
        }
        // Each file is written only after the one before it was closed: all but the last must be
        // complete; a complete one (the last included) must hold exactly what WRITE.COM writes.
        for (int i = 0; i < written.Count; i++)
        {
            Assert.Equal($"F{i + 1:000}.TXT", written[i].Name);
            bool last = i == written.Count - 1;
            if (!last) Assert.True(written[i].Size == WriteContent.Length, $"{what} {written[i].Name} was closed before the next was made, but has {written[i].Size} bytes");
            if (written[i].Size == WriteContent.Length) Assert.Equal(WriteContent, volume.ReadFile(written[i].Name));
        }
        int closed = written.Count(e => e.Size == WriteContent.Length);

        if (fsck)
        {
            var (status, text) = Fsck(image);
            Assert.True(status is 0 or 1, $"{what} fsck.fat -n: status {status}: {text}");
            // Lost clusters of the file being written may be found; nothing about a closed file.
            foreach (var e in written.Where(e => e.Size == WriteContent.Length))
                Assert.DoesNotContain($"/{e.Name}", text);
        }
        return closed;
    }

    private static bool HasFsck()
    {
        try
        {
            return Fsck("/dev/null").Status >= 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Status, string Text) Fsck(string image)
    {
        var start = new ProcessStartInfo("fsck.fat", ["-n", image]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(start)!;
        string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, text);
    }
}
