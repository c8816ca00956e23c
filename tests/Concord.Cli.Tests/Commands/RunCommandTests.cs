using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests.Commands;

/// <summary><c>concord run --headless</c> on the PC: the BIOS boots the image from A:, the boot sector runs.</summary>
public sealed class RunCommandTests
{
    [Theory]
    [InlineData("8086")]
    [InlineData("80286")]
    public void Hello_boot_sector_prints_to_stdout_and_exits_with_the_debug_exit_status(string cpu)
    {
        using var files = new TempFiles();
        string image = files.Write("hello.img", BootSectors.Hello());

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--cpu", cpu, "--timeout", "30");

        Assert.Equal("", run.Stderr);
        Assert.Equal("Hello", BootSectors.GuestOutput(run.Stdout));
        Assert.StartsWith("Concord BIOS", run.Stdout);
        Assert.Equal(0x43, run.Status);
    }

    [Fact]
    public void Cpu_defaults_to_the_80286()
    {
        using var files = new TempFiles();
        string image = files.Write("hello.img", File.ReadAllBytes(RepoPaths.Under("firmware", "hello", "hello.img")));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30");

        Assert.Contains("an 80286 or later.", run.Stdout);
    }

    [Theory]
    [InlineData("8086", "This CPU keeps FLAGS bits 12-15 set: an 8086.\n")]
    [InlineData("80286", "This CPU clears FLAGS bits 12-15 in real mode: an 80286 or later.\n")]
    public void Committed_hello_image_greets_names_the_cpu_and_halts_with_status_0(string cpu, string cpuLine)
    {
        // The image is opened read-write with an exclusive lock: work on a copy, so tests running
        // at the same time never meet the lock.
        using var files = new TempFiles();
        string image = files.Write("hello.img", File.ReadAllBytes(RepoPaths.Under("firmware", "hello", "hello.img")));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--cpu", cpu, "--timeout", "30");

        Assert.Equal("Hello from a Concord boot sector!\n" + cpuLine, BootSectors.GuestOutput(run.Stdout));
        Assert.Equal(0, run.Status);
        string note = Assert.Single(run.StderrLines);
        Assert.Contains("halted with interrupts disabled at 0000:7C", note);
    }

    [Theory]
    [InlineData(0x00, 1)]
    [InlineData(0x01, 3)]
    [InlineData(0x7F, 255)]
    [InlineData(0xFF, 511)]
    public void Debug_exit_status_is_the_value_shifted_left_with_bit_0_set(byte value, int status)
    {
        using var files = new TempFiles();
        string image = files.Write("exit.img", BootSectors.Build(asm => asm.DebugExit(value)));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30");

        Assert.Equal(status, run.Status);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Boot_registers_are_as_the_bios_leaves_them()
    {
        // DL = 00h (drive A:), CS = 0 (the code at 07C00h runs from IP 7C00h), the signature at 0000:7DFE.
        using var files = new TempFiles();
        string image = files.Write("regs.img", BootSectors.Build(asm =>
        {
            Label bad = asm.CreateLabel();
            asm.cmp(dl, 0); asm.jne(bad);
            asm.mov(ax, cs); asm.cmp(ax, 0); asm.jne(bad);
            asm.mov(ds, ax); asm.cmp(__word_ptr[0x7DFE], 0xAA55); asm.jne(bad);
            asm.DebugExit(0x11);
            asm.Label(ref bad);
            asm.DebugExit(0x66);
        }));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30");

        Assert.Equal(0x23, run.Status);
    }

    [Fact]
    public void Reading_the_debug_console_port_returns_E9h()
    {
        using var files = new TempFiles();
        string image = files.Write("probe.img", BootSectors.Build(asm =>
        {
            asm.@in(al, BootSectors.DebugConsolePort);
            asm.@out(BootSectors.DebugExitPort, al);
        }));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "30");

        Assert.Equal((0xE9 << 1) | 1, run.Status);
    }

    [Fact]
    public void Invalid_opcode_is_reported_with_its_address_and_bytes_and_status_4()
    {
        // 0F FFh is no 80286 instruction; with the exit policy it stops the machine as a value.
        using var files = new TempFiles();
        string image = files.Write("bad-opcode.img", BootSectors.Build(asm =>
        {
            asm.Print("ok");
            asm.db(0x0F, 0xFF, 0x12, 0x34);
        }));

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--cpu", "80286", "--timeout", "30");

        Assert.Equal(4, run.Status);
        Assert.Equal("ok", BootSectors.GuestOutput(run.Stdout));
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith("concord: invalid opcode at 0000:7C08 (bytes 0F FF 12 34", line);
    }

    [Fact]
    public void Endless_guest_stops_at_the_timeout_with_status_3_and_the_screen_written()
    {
        using var files = new TempFiles();
        string image = files.Write("spin.img", BootSectors.Spin());
        string screen = Path.Combine(files.Folder, "screen.txt");

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "0.5", "--screen", screen);

        Assert.Equal(3, run.Status);
        string line = Assert.Single(run.StderrLines);
        Assert.Matches(@"^concord: timed out after [0-9.]+ s of host time \([0-9.]+ s of machine time, [0-9]+ instructions\)", line);
        Assert.Contains("the guest was at 0000:7C00", line);
        Assert.StartsWith("Concord BIOS", File.ReadAllText(screen));
    }

    [Fact]
    public void Timeout_names_the_step_that_was_waiting()
    {
        using var files = new TempFiles();
        string image = files.Write("spin.img", BootSectors.Spin());

        CliRun run = CliRun.Invoke("run", "--floppy", image, "--headless", "--timeout", "0.5", "--expect", "never shown");

        Assert.Equal(3, run.Status);
        Assert.Contains("while waiting for step 1: expect \"never shown\"", run.Stderr);
    }
}
