using Concord.Devices.Debug;

namespace Concord.Cli.Tests.Devices;

public sealed class DebugExitTests
{
    [Theory]
    [InlineData(0x00, 0x001)]
    [InlineData(0x21, 0x043)]
    [InlineData(0xFF, 0x1FF)]
    public void Write_records_the_qemu_status_and_calls_the_machine_once(byte value, int status)
    {
        int calls = 0;
        var exit = new DebugExit(() => calls++);

        exit.Write(DebugExit.Port, value);

        Assert.Equal(status, exit.ExitStatus);
        Assert.Equal(value, exit.Value);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Only_the_first_write_counts_until_reset()
    {
        int calls = 0;
        var exit = new DebugExit(() => calls++);

        exit.Write(DebugExit.Port, 1);
        exit.Write(DebugExit.Port, 2);
        Assert.Equal((3, 1), (exit.ExitStatus, calls));

        exit.Reset();
        Assert.Null(exit.ExitStatus);
        exit.Write(DebugExit.Port, 2);
        Assert.Equal((5, 2), (exit.ExitStatus, calls));
    }

    [Fact]
    public void Nothing_is_recorded_before_a_write_and_reads_see_an_open_bus()
    {
        var exit = new DebugExit(() => { });

        Assert.Null(exit.ExitStatus);
        Assert.Equal(0xFF, exit.Read(DebugExit.Port));
        Assert.Null(exit.ExitStatus);
    }
}
