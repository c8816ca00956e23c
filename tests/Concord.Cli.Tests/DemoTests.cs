using Concord.Cli.Demo;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Tests;

/// <summary>The gate demo (concord demo): the patent's scenario on an at parent and an nx guest.</summary>
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
    public void Xfer_copies_the_multi_block_file_with_zero_errors_under_any_and_the_copy_matches_byte_for_byte()
    {
        DemoResult any = Run("any");

        Assert.True(any.Completed, any.Ending + "\n" + any.GuestTranscript);
        Assert.Contains("XFER: 37 blocks, 0 errors, 0 retries", any.GuestTranscript);
        Assert.Equal((37, 0, 0, 0L), (any.Blocks, any.XferErrors, any.Retries, any.Errors));
        string folder = Path.Combine(_files.Folder, "any");
        byte[] source = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.ParentImage))).ReadFile("DATA.BIN");
        FatVolume guest = FatVolume.Open(File.ReadAllBytes(DemoScenario.ImagePath(folder, DemoScenario.GuestImage)));
        Assert.Equal(1024, guest.Parameters.BytesPerSector); // the nx guest's 1.23M diskette
        Assert.Equal(37000, source.Length);
        Assert.Equal(source, guest.ReadFile("COPY.BIN"));
        Assert.True(any.CopyMatches);
    }

    [Fact]
    public void The_parents_rdir_lists_the_guests_disk()
    {
        DemoResult any = Run("any");

        FatVolume guest = FatVolume.Open(DemoScenario.Resource(DemoScenario.GuestImage));
        foreach (FatDirectoryEntry entry in guest.List())
            Assert.Contains($"{entry.Name,-13}{entry.Size,10}\n", any.ParentTranscript);
        Assert.Contains($"RDIR: {guest.List().Count} files, {guest.List().Sum(e => e.Size)} bytes", any.ParentTranscript);
    }

    [Fact]
    public void Passthrough_gives_errors_where_any_gives_none()
    {
        DemoResult passthrough = Run("passthrough");

        Assert.True(passthrough.Completed, passthrough.Ending);
        Assert.True(passthrough.Errors > 0, $"errors {passthrough.Errors}\n{passthrough.GuestTranscript}");
        Assert.False(passthrough.CopyMatches);
    }

    [Fact]
    public void Exclusive_makes_a_vm_wait_longer_than_a_second_but_copies_without_errors()
    {
        DemoResult exclusive = Run("exclusive");

        Assert.True(exclusive.Completed, exclusive.Ending);
        Assert.True(exclusive.LongestWaitNs > DemoReport.LongWaitNs, $"longest wait {exclusive.LongestWaitNs} ns");
        Assert.Equal(0L, exclusive.Errors);
        Assert.True(exclusive.CopyMatches);
    }

    [Fact]
    public void The_table_has_a_row_per_policy_and_the_json_the_same_figures()
    {
        var result = new DemoResult("any", true, "done", 37, 0, 0, 0, 2, 2_480_000_000, 0, 0, true, 8, 1_240_000_000, TimeSpan.FromSeconds(0.17), "", "");

        string table = DemoReport.Table([result]);
        string json = DemoReport.Json([result]);

        Assert.Contains("any (patent)", table);
        Assert.Matches(@"any \(patent\)\s+37\s+0\s+0\s+2\s+2\.48\s+0\.00\s+1\.24\s+0\.17\s+same", table);
        Assert.Contains("\"blocks\": 37", json);
        Assert.Contains("\"motorOnSeconds\": 2.48", json);
    }
}
