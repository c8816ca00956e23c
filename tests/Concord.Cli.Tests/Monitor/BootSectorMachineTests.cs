using Concord.Core.Cpu;
using Concord.Devices.Debug;
using Concord.Monitor.Bare;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests.Monitor;

/// <summary>The bare machine (no BIOS, only the debug ports): what it loads, how it stops, that machines share nothing.</summary>
public sealed class BootSectorMachineTests
{
    private static MachineOutcome Run(byte[] sector, CpuModel model, Stream output, TimeSpan? timeout = null)
    {
        using var machine = new BootSectorMachine(
            new BootSectorMachineOptions { Model = model, Timeout = timeout ?? TimeSpan.FromSeconds(30) },
            sector, new DebugConsole(output));
        return machine.Run(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Addresses_wrap_at_1_MiB_because_A20_is_off(CpuModel model)
    {
        // Write through FFFF:0010 (linear 100000h), read back at 0000:0000.
        byte[] sector = BootSectors.Build(asm =>
        {
            asm.mov(ax, 0xFFFF); asm.mov(ds, ax);
            asm.mov(__byte_ptr[0x10], 0x5A);
            asm.xor(ax, ax); asm.mov(ds, ax);
            asm.mov(al, __byte_ptr[0]);
            asm.@out(BootSectors.DebugExitPort, al);
        });

        MachineOutcome outcome = Run(sector, model, Stream.Null);

        Assert.Equal(MachineStop.DebugExit, outcome.Stop);
        Assert.Equal((0x5A << 1) | 1, outcome.ExitStatus);
    }

    [Fact]
    public void Outcome_tells_where_the_guest_halted_and_how_many_instructions_ran()
    {
        byte[] sector = BootSectors.Build(asm => { asm.nop(); asm.nop(); asm.cli(); asm.hlt(); });

        MachineOutcome outcome = Run(sector, CpuModel.I8086, Stream.Null);

        Assert.Equal((MachineStop.Halted, ExitStatuses.Halted), (outcome.Stop, outcome.ExitStatus));
        Assert.Equal(4, outcome.Instructions);
        Assert.Equal(0, outcome.State.CS);
        Assert.InRange(outcome.State.IP, 0x7C03, 0x7C04); // at or after the HLT, as the engine reports it
        Assert.Contains("halted with interrupts disabled", outcome.Describe());
    }

    [Fact]
    public async Task Two_machines_in_one_process_do_not_share_state()
    {
        byte[] a = BootSectors.Build(asm => { asm.Print("aaaa"); asm.DebugExit(1); });
        byte[] b = BootSectors.Build(asm => { asm.Print("bb"); asm.DebugExit(2); });
        using var outA = new MemoryStream();
        using var outB = new MemoryStream();

        MachineOutcome[] outcomes = await Task.WhenAll(
            Task.Run(() => Run(a, CpuModel.I8086, outA), TestContext.Current.CancellationToken),
            Task.Run(() => Run(b, CpuModel.I80286, outB), TestContext.Current.CancellationToken));

        Assert.Equal((3, "aaaa"), (outcomes[0].ExitStatus, System.Text.Encoding.ASCII.GetString(outA.ToArray())));
        Assert.Equal((5, "bb"), (outcomes[1].ExitStatus, System.Text.Encoding.ASCII.GetString(outB.ToArray())));
    }

    [Fact]
    public void Cancellation_stops_the_run_with_status_130()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var machine = new BootSectorMachine(new BootSectorMachineOptions(), BootSectors.Spin(), new DebugConsole(Stream.Null));

        MachineOutcome outcome = machine.Run(cancel.Token);

        Assert.Equal((MachineStop.Cancelled, ExitStatuses.Cancelled), (outcome.Stop, outcome.ExitStatus));
        Assert.True(outcome.Instructions > 0);
    }

    [Fact]
    public void Boot_sector_starts_at_7C00h_with_the_registers_a_bios_leaves()
    {
        byte[] sector = BootSectors.Build(asm => asm.hlt());
        using var machine = new BootSectorMachine(new BootSectorMachineOptions(), sector, new DebugConsole(Stream.Null));

        CpuState state = machine.Cpu.GetState();

        Assert.Equal((0, 0x7C00, 0, 0x7C00, 0, 0, 0), (state.CS, state.IP, state.SS, state.SP, state.DS, state.ES, state.DX & 0xFF));
        Assert.Equal(0x55, machine.Memory.Read8(0x7DFE));
        Assert.Equal(0xAA, machine.Memory.Read8(0x7DFF));
        Assert.Equal(0, machine.Memory.Read8(0x7E00)); // only the first sector is loaded
    }

    [Fact]
    public void Invalid_opcode_is_an_outcome_with_the_code_bytes_and_status_4()
    {
        byte[] sector = BootSectors.Build(asm => { asm.nop(); asm.db(0x0F, 0xFF, 0xAB); });

        MachineOutcome outcome = Run(sector, CpuModel.I80286, Stream.Null);

        Assert.Equal((MachineStop.InvalidOpcode, ExitStatuses.GuestFault), (outcome.Stop, outcome.ExitStatus));
        Assert.Equal((0, 0x7C01), (outcome.Exit.Cs, outcome.Exit.Ip));
        Assert.Equal(new byte[] { 0x0F, 0xFF, 0xAB }, outcome.CodeBytes.Take(3));
        Assert.StartsWith("invalid opcode at 0000:7C01 (bytes 0F FF AB", outcome.Describe());
    }

    [Fact]
    public void Timeout_is_an_outcome_with_status_3()
    {
        MachineOutcome outcome = Run(BootSectors.Spin(), CpuModel.I8086, Stream.Null, TimeSpan.FromMilliseconds(100));

        Assert.Equal((MachineStop.Timeout, 3), (outcome.Stop, outcome.ExitStatus));
        Assert.Contains("the guest was at 0000:7C00", outcome.Describe());
    }

    [Fact]
    public void Bad_options_are_refused_naming_the_field()
    {
        var options = new BootSectorMachineOptions { Timeout = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new BootSectorMachine(options, BootSectors.Hello(), new DebugConsole(Stream.Null)));
        Assert.Equal("Timeout", error.ParamName);
    }

    [Fact]
    public void Short_boot_sector_is_refused()
    {
        Assert.Throws<ArgumentException>(
            () => new BootSectorMachine(new BootSectorMachineOptions(), new byte[100], new DebugConsole(Stream.Null)));
    }
}
