namespace Concord.Cli.Tests.Commands;

public sealed class InfoTests
{
    [Fact]
    public void Version_prints_the_version_and_exits_0()
    {
        CliRun run = CliRun.Invoke("--version");

        Assert.Equal(0, run.Status);
        Assert.Matches(@"^\d+\.\d+\.\d+(\+[0-9a-f]+)?\n$", run.Stdout.Replace("\r", ""));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Help_describes_concord_and_lists_the_run_command()
    {
        CliRun run = CliRun.Invoke("--help");

        Assert.Equal(0, run.Status);
        Assert.Contains("virtual machine monitor", run.Stdout);
        Assert.Contains("run", run.Stdout);
        Assert.Contains("--version", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Run_help_lists_every_option_and_the_exit_statuses()
    {
        CliRun run = CliRun.Invoke("run", "--help");

        Assert.Equal(0, run.Status);
        foreach (string option in new[] { "--floppy <IMAGE>", "--headless", "--cpu <MODEL>", "--timeout <SECONDS>" })
            Assert.Contains(option, run.Stdout);
        Assert.Contains("3 on timeout", run.Stdout);
    }

    [Fact]
    public void Help_says_what_is_built_today_and_nothing_is_marked_required_that_is_not()
    {
        string top = CliRun.Invoke("--help").Stdout;
        string run = CliRun.Invoke("run", "--help").Stdout;
        string ls = CliRun.Invoke("disk", "ls", "--help").Stdout;
        string put = CliRun.Invoke("disk", "put", "--help").Stdout;

        Assert.DoesNotContain("come next", top);
        Assert.Contains("gates", top);
        Assert.DoesNotContain("(required)", run);
        Assert.Contains("bundled", run);
        Assert.Contains("disk ls <IMAGE> [<PATH>]", ls);      // IMAGE required, PATH optional
        Assert.Contains("disk put <IMAGE> <HOSTFILE> [<DOSPATH>]", put);
    }
}
