namespace Concord.Cli.Tests.Commands;

/// <summary>
/// A path that names no regular file (a named pipe) where an image or a machine file is expected:
/// one line naming the path, status 2, never an internal error and never a wait for a writer.
/// </summary>
public sealed class NotAFileTests
{
    private static string AssertBadInput(CliRun run)
    {
        Assert.Equal(2, run.Status);
        string line = Assert.Single(run.StderrLines);
        Assert.DoesNotContain("internal error", line);
        Assert.DoesNotContain("Exception", line);
        return line;
    }

    private static string Fifo(TempFiles files)
    {
        string? path = files.MakeFifo("pipe.img");
        if (path is null) Assert.Skip("this system has no mkfifo");
        return path;
    }

    [Fact]
    public void Named_pipe_as_the_diskette_of_a_run_is_bad_input()
    {
        using var files = new TempFiles();
        string pipe = Fifo(files);

        string line = AssertBadInput(CliRun.Invoke("run", "--floppy", pipe, "--headless", "--timeout", "5"));

        Assert.Contains($"'{pipe}'", line);
        Assert.Contains("not a regular file", line);
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("rm")]
    public void Named_pipe_as_the_image_of_a_disk_command_is_bad_input(string subcommand)
    {
        using var files = new TempFiles();
        string pipe = Fifo(files);
        string[] args = subcommand == "ls" ? ["disk", "ls", pipe] : ["disk", subcommand, pipe, "X.TXT"];

        string line = AssertBadInput(CliRun.Invoke(args));

        Assert.Contains($"'{pipe}'", line);
        Assert.Contains("not a regular file", line);
    }

    [Fact]
    public void Symbolic_link_to_an_image_is_read_through()
    {
        using var files = new TempFiles();
        string image = Path.Combine(files.Folder, "real.img");
        Assert.Equal(0, CliRun.Invoke("disk", "create", image, "--time", "2024-01-02T03:04:05").Status);
        string link = Path.Combine(files.Folder, "link.img");
        File.CreateSymbolicLink(link, image);

        CliRun ls = CliRun.Invoke("disk", "ls", link);
        CliRun put = CliRun.Invoke("disk", "put", link, files.Write("x.txt", "x"u8.ToArray()));

        Assert.True(ls.Status == 0, ls.Stderr);
        Assert.Contains("bytes free of 1457664", ls.Stdout);
        Assert.True(put.Status == 0, put.Stderr);
    }
}
