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
}
