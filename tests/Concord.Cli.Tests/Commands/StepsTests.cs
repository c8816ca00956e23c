using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests.Commands;

/// <summary>Headless steps: --expect and --send run in the order given on the command line.</summary>
public sealed class StepsTests
{
    /// <summary>Shows "ready>", then echoes each key as [k] on the screen; 'q' exits through F4h with 10h (status 21h).</summary>
    private static byte[] EchoImage() => BootSectors.Build(asm =>
    {
        Label loop = asm.CreateLabel(), notQuit = asm.CreateLabel();
        foreach (char c in "ready>") { asm.mov(ax, (ushort)(0x0E00 | c)); asm.mov(bx, 7); asm.@int(0x10); }
        asm.Label(ref loop);
        asm.mov(ah, 0);
        asm.@int(0x16);
        asm.cmp(al, (byte)'q');
        asm.jne(notQuit);
        asm.DebugExit(0x10);
        asm.Label(ref notQuit);
        asm.mov(dl, al);
        asm.mov(ax, 0x0E00 | '['); asm.mov(bx, 7); asm.@int(0x10);
        asm.mov(al, dl); asm.mov(ah, 0x0E); asm.@int(0x10);
        asm.mov(ax, 0x0E00 | ']'); asm.@int(0x10);
        asm.jmp(loop);
    });

    [Fact]
    public void Steps_alternate_in_command_line_order()
    {
        // Read as "all expects, then all sends", the second expect would wait forever for [a].
        using var files = new TempFiles();
        string image = files.Write("echo.img", EchoImage());

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30",
            "--expect", "ready>", "--send", "a", "--expect", "[a]", "--send", "bq");

        Assert.Equal("", run.Stderr);
        Assert.Equal(0x21, run.Status);
    }

    [Fact]
    public void Run_ends_with_status_0_when_the_steps_run_out_and_writes_the_screen()
    {
        using var files = new TempFiles();
        string image = files.Write("echo.img", EchoImage());
        string screen = Path.Combine(files.Folder, "screen.txt");

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30",
            "--expect=ready>", "--send", "x\\x41", "--expect", "[x][A]", "--screen", screen);

        Assert.Equal((0, ""), (run.Status, run.Stderr));
        Assert.Contains("ready>[x][A]", File.ReadAllText(screen));
    }

    [Fact]
    public void Expect_that_never_comes_true_times_out_with_status_3()
    {
        using var files = new TempFiles();
        string image = files.Write("echo.img", EchoImage());

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "1",
            "--expect", "ready>", "--send", "a", "--expect", "[b]");

        Assert.Equal(3, run.Status);
        Assert.Contains("while waiting for step 3: expect \"[b]\"", run.Stderr);
        Assert.Contains("s of machine time", run.Stderr);
    }
}
