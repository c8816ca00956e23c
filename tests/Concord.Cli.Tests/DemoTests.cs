using Concord.Cli.Demo;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests;

/// <summary>The gate demo (concord demo): the patent's scenario on an at parent and a pc98 guest.</summary>
public sealed class DemoTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DemoResult Run(string policy)
    {
        string folder = Path.Combine(_files.Folder, policy);
        Directory.CreateDirectory(folder);
        return DemoRunner.Run(policy, folder, Limit);
    }

    [Fact]
    public void Xfer_copies_the_multi_block_file_there_and_back_with_zero_errors_under_any_and_both_copies_match_byte_for_byte()
    {
        DemoResult any = Run("any");

        Assert.True(any.Completed, any.Ending + "\n" + any.GuestTranscript);
        string folder = Path.Combine(_files.Folder, "any");
        FatVolume parent = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.ParentImage)));
        FatVolume guest = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.GuestImage)));
        byte[] source = parent.ReadFile("DATA.BIN");
        Assert.Equal(FatVolume.Open(DemoScenario.Resource(DemoScenario.ParentImage)).ReadFile("DATA.BIN"), source); // unchanged
        Assert.Equal(1024, guest.Parameters.BytesPerSector); // the PC-98 guest's 1.23M diskette
        Assert.Equal(37000, source.Length);
        Assert.Equal(source, guest.ReadFile("COPY.BIN"));   // there: through the parent's DOS, written by the guest's
        Assert.Equal(source, parent.ReadFile("DATA.BAK"));  // back: read by the guest's DOS, written through the parent's
        Assert.True(any.CopyMatches);
        int blocksEachWay = (source.Length + 1023) / 1024;
        Assert.Contains($"\nXFER: A:DATA.BIN -> B:COPY.BIN: {source.Length} bytes\n"
            + new string('.', blocksEachWay) + $"\nXFER: B:COPY.BIN -> A:DATA.BAK: {source.Length} bytes\n"
            + $"XFER: compared {source.Length} bytes: the same\n", any.GuestTranscript);
        Assert.Matches($@"XFER: {2 * blocksEachWay} blocks, 0 errors, 0 retries, \d+\.\d\d s\n", any.GuestTranscript);
        Assert.Equal((2 * blocksEachWay, 0, 0, 0L), (any.Blocks, any.XferErrors, any.Retries, any.Errors));
    }

    [Fact]
    public void The_copy_column_needs_the_copy_back_on_the_parents_disk_as_well_as_the_copy_there()
    {
        DemoResult any = Run("any");
        string folder = Path.Combine(_files.Folder, "any");
        Assert.True(DemoRunner.CopyMatches(folder), any.GuestTranscript);
        string parentImage = DemoScenario.ImagePath(folder, DemoScenario.ParentImage);
        FatVolume parent = FatVolume.Open(File.ReadAllBytes(parentImage), parentImage);

        byte[] back = parent.ReadFile(DemoScenario.BackName);
        back[^1] ^= 1;
        parent.WriteFile(DemoScenario.BackName, back);
        File.WriteAllBytes(parentImage, parent.ToArray());
        Assert.False(DemoRunner.CopyMatches(folder)); // one byte of the copy back differs

        parent.DeleteFile(DemoScenario.BackName);
        File.WriteAllBytes(parentImage, parent.ToArray());
        Assert.False(DemoRunner.CopyMatches(folder)); // no copy back at all
    }

    [Fact]
    public void The_parents_rdir_lists_the_guests_disk()
    {
        DemoResult any = Run("any");

        FatVolume guest = FatVolume.Open(DemoScenario.Resource(DemoScenario.GuestImage));
        foreach (FatDirectoryEntry entry in guest.List())
            Assert.Contains($"{entry.Name,-13}{entry.Size,10}\n", any.ParentTranscript);
        // The guest's XFER runs meanwhile: the copy it is writing is listed too once its DOS has
        // created it (with the size its directory entry has at that moment, 0 until it is closed).
        int files = guest.List().Count;
        long bytes = guest.List().Sum(e => e.Size);
        var copy = System.Text.RegularExpressions.Regex.Match(any.ParentTranscript, $@"\n{DemoScenario.CopyName.Replace(".", "\\.", StringComparison.Ordinal)} +(\d+)\n");
        if (copy.Success)
        {
            files++;
            bytes += long.Parse(copy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Contains($"RDIR: {files} files, {bytes} bytes", any.ParentTranscript);
    }

    [Fact]
    public void Passthrough_gives_errors_where_any_gives_none()
    {
        DemoResult passthrough = Run("passthrough");

        Assert.True(passthrough.Completed, passthrough.Ending);
        Assert.True(passthrough.Errors > 0, $"errors {passthrough.Errors}\n{passthrough.GuestTranscript}");
        // One OS's motor-off stops the other's motor under a command: the motor starts again and
        // again where under any it never stops. Whether the OSes' retries then save the copy is their
        // drivers' business (the PC-98 BIOS writes MTON at every operation, so Concord DOS's retries do).
        Assert.True(passthrough.MotorStarts > 0, $"motor starts {passthrough.MotorStarts}");
        Assert.Equal(0L, Run("any").MotorStarts);
    }

    [Fact]
    public void Exclusive_makes_a_vm_wait_longer_than_a_second_but_copies_without_errors()
    {
        DemoResult exclusive = Run("exclusive");

        Assert.True(exclusive.Completed, exclusive.Ending);
        Assert.True(exclusive.LongestWaitNs > DemoReport.LongWaitNs, $"longest wait {exclusive.LongestWaitNs} ns");
        // XFER times itself with its own BIOS's ticks: the late ticks of its many waits make that machine time.
        double xferSeconds = double.Parse(System.Text.RegularExpressions.Regex.Match(exclusive.GuestTranscript, @"XFER: \d+ blocks, .* ([\d.]+) s").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(xferSeconds, 0.9 * exclusive.VirtualNs / 1e9, exclusive.VirtualNs / 1e9);
        Assert.Equal(0L, exclusive.Errors);
        Assert.True(exclusive.CopyMatches);
    }

    [Fact]
    public void The_table_has_a_row_per_policy_and_the_json_the_same_figures()
    {
        var result = new DemoResult("any", true, "done", 74, 0, 0, 0, 2, 2_480_000_000, 0, 0, true, 8, 1_240_000_000, TimeSpan.FromSeconds(0.17), "", "");

        string table = DemoReport.Table([result]);
        string json = DemoReport.Json([result], true, "verdict: as in the patent");

        Assert.Contains("any (patent)", table);
        Assert.Matches(@"any \(patent\)\s+74\s+0\s+0\s+2\s+2\.48\s+0\.00\s+1\.24\s+0\.17\s+same", table);
        Assert.Contains("blocks: XFER's blocks in both directions", table);
        Assert.Contains("\"blocks\": 74", json);
        Assert.Contains("\"motorOnSeconds\": 2.48", json);
        Assert.Contains("\"asInPatent\": true", json);
    }

    [Fact]
    public void The_three_policies_agree_with_the_patent()
    {
        DemoResult[] results = DemoScenario.Policies.Select(Run).ToArray();

        (bool asInPatent, string verdict) = DemoVerdict.Judge(results);

        Assert.True(asInPatent, verdict + "\n" + DemoReport.Table(results));
    }

    [Fact]
    public void Figures_against_the_patent_are_named_in_the_verdict()
    {
        DemoResult Figures(string policy, long errors, long waitNs, bool same) =>
            new(policy, true, "done", 37, 0, 0, errors, 2, 1, 0, waitNs, same, 8, 1, TimeSpan.Zero, "", "");

        var agree = DemoVerdict.Judge([Figures("any", 0, 0, true), Figures("passthrough", 14, 0, false), Figures("exclusive", 0, 2_480_000_000, true)]);
        var anyFails = DemoVerdict.Judge([Figures("any", 3, 0, true), Figures("passthrough", 14, 0, false)]);
        var exclusiveClean = DemoVerdict.Judge([Figures("any", 0, 0, true), Figures("exclusive", 0, 500_000_000, true)]);

        Assert.True(agree.AsInPatent, agree.Text);
        Assert.False(anyFails.AsInPatent);
        Assert.Contains("any gave 3 errors", anyFails.Text);
        Assert.False(exclusiveClean.AsInPatent);
        Assert.Contains("exclusive gave no errors and no long wait", exclusiveClean.Text);
    }
}
