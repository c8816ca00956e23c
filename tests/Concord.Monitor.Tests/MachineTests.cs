using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests;

/// <summary>The machine as a whole: screen, keyboard, timer, A20, faults, clocks, determinism.</summary>
public sealed class MachineTests
{
    [Fact]
    public void Int10h_teletype_appears_on_the_screen_snapshot()
    {
        byte[] image = Fat12Image.Bootable(asm =>
        {
            asm.Teletype("Hello, screen\r\nline two");
            asm.DebugExit(0x2A);
        });

        using var pc = new TestPc(image);
        pc.Run();

        var screen = pc.Hardware.Screen();
        Assert.Contains("Hello, screen\nline two", screen.ToText());
        int row = Array.FindIndex(Enumerable.Range(0, 25).Select(screen.Line).ToArray(), l => l == "line two");
        Assert.Equal((row, 8), (screen.CursorRow, screen.CursorColumn));
    }

    [Fact]
    public void Int16h_receives_the_keys_of_a_send_step()
    {
        // Echoes keys to E9h until Enter, then exits.
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Label loop = asm.CreateLabel(), done = asm.CreateLabel();
            asm.Print(TestPc.BootMarker);
            asm.Label(ref loop);
            asm.mov(ah, 0); asm.@int(0x16);
            asm.cmp(al, 13); asm.je(done);
            asm.@out(GuestCode.DebugConsolePort, al);
            asm.mov(al, ah); asm.PrintHexAl(); asm.mov(al, (byte)' '); asm.@out(GuestCode.DebugConsolePort, al);
            asm.jmp(loop);
            asm.Label(ref done);
            asm.DebugExit(0x2A);
        });

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run(new AutomationStep.Send("aZ!\x1B\r"));

        Assert.Equal(0x55, outcome.ExitStatus);
        Assert.Equal("a1E Z2C !02 \x1B" + "01 ", pc.GuestOutput); // character and scan code of each key
    }

    /// <summary>A boot sector that halts until the BIOS tick count (INT 1Ah AH=00h) has gone <paramref name="ticks"/> on, then exits with 2Ah.</summary>
    private static byte[] WaitForTicks(int ticks) => Fat12Image.Bootable(asm =>
    {
        Label wait = asm.CreateLabel();
        asm.sti();
        asm.mov(ah, 0); asm.@int(0x1A);
        asm.mov(si, dx);
        asm.Label(ref wait);
        asm.hlt();
        asm.mov(ah, 0); asm.@int(0x1A);
        asm.mov(ax, dx); asm.sub(ax, si);
        asm.cmp(ax, (short)ticks);
        asm.jb(wait);
        asm.DebugExit(0x2A);
    });

    [Fact]
    public void Timer_ticks_at_18_2_Hz_through_int_1Ah()
    {
        // Waits for 91 ticks (5 s) with HLT and reports the machine time through the tick count.
        byte[] image = WaitForTicks(91);

        using var pc = new TestPc(image);
        long before = 0;
        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x55, outcome.ExitStatus);
        Assert.InRange(outcome.VirtualTimeNs - before, 5_000_000_000L, 7_000_000_000L);
    }

    [Fact]
    public void Realtime_clock_paces_the_timer_by_the_host_clock()
    {
        byte[] image = WaitForTicks(4);

        using var pc = new TestPc(image, clock: ClockKind.Realtime);
        MachineOutcome outcome = pc.Run();

        Assert.Equal(0x55, outcome.ExitStatus);
        Assert.True(outcome.Elapsed >= TimeSpan.FromMilliseconds(160), $"took {outcome.Elapsed}");
        Assert.Equal(0, pc.Vm.SkippedNs);
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Addresses_wrap_at_1_MiB_because_A20_is_off_until_the_8042_turns_it_on(CpuModel model)
    {
        // Writes through FFFF:0010 (linear 100000h) and reads 0000:0000, before and after A20 on (8042 command DFh).
        byte[] image = Fat12Image.Bootable(asm =>
        {
            asm.Print(TestPc.BootMarker);
            asm.xor(ax, ax); asm.mov(ds, ax);
            asm.mov(__byte_ptr[0], 0x11);
            asm.mov(ax, 0xFFFF); asm.mov(ds, ax);
            asm.mov(__byte_ptr[0x10], 0x5A);
            asm.xor(ax, ax); asm.mov(ds, ax);
            asm.mov(al, __byte_ptr[0]); asm.PrintHexAl();
            asm.mov(al, 0xDF); asm.@out(0x64, al);
            asm.mov(ax, 0xFFFF); asm.mov(ds, ax);
            asm.mov(__byte_ptr[0x10], 0x77);
            asm.xor(ax, ax); asm.mov(ds, ax);
            asm.mov(al, __byte_ptr[0]); asm.PrintHexAl();
            asm.DebugExit(0x2A);
        });

        using var pc = new TestPc(image, model: model);
        pc.Run();

        // The 8086 has 20 address lines: it wraps whatever A20 says. The 80286 reaches 100000h once
        // A20 is on, where nothing is mapped (the write is dropped).
        Assert.Equal(model == CpuModel.I8086 ? "5A77" : "5A5A", pc.GuestOutput);
    }

    [Fact]
    public void Invalid_opcode_stops_the_machine_with_where_and_the_bytes()
    {
        byte[] image = Fat12Image.Bootable(asm => asm.db(0x0F, 0xFF, 0xAB));

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();

        Assert.Equal((StopReason.InvalidOpcode, ExitStatuses.GuestFault), (outcome.Stop, outcome.ExitStatus));
        Assert.Equal((0x0000, 0x7C3E), (outcome.Exit.Cs, outcome.Exit.Ip));
        Assert.Equal([0x0F, 0xFF, 0xAB], outcome.CodeBytes.Take(3));
        Assert.StartsWith("invalid opcode at 0000:7C3E (bytes 0F FF AB", outcome.Describe());
    }

    [Fact]
    public void On_the_80286_an_invalid_opcode_runs_the_guests_own_int_6_handler_with_the_faulting_ip()
    {
        // CPU detection as programs do it: point INT 6 at a handler, try an instruction, see whether
        // the handler ran. The 80286 pushes the IP of the faulting instruction itself.
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Label install = asm.CreateLabel();
            asm.Print(TestPc.BootMarker);
            asm.xor(ax, ax); asm.mov(es, ax);
            asm.call(install);                             // pushes the handler's address
            asm.mov(bp, sp);                               // the handler: print the pushed IP, exit
            asm.mov(bx, __word_ptr[bp]);
            asm.mov(al, bh); asm.PrintHexAl();
            asm.mov(al, bl); asm.PrintHexAl();
            asm.DebugExit(0x2A);
            asm.Label(ref install);
            asm.pop(bx);
            asm.mov(__word_ptr.es[6 * 4], bx);
            asm.mov(ax, cs); asm.mov(__word_ptr.es[6 * 4 + 2], ax);
            asm.db(0x0F, 0xFF);                            // no such instruction on an 80286
            asm.DebugExit(0x11);                           // not reached
        });

        using var pc = new TestPc(image, model: CpuModel.I80286);
        MachineOutcome outcome = pc.Run();

        Assert.True(outcome.ExitStatus == 0x55, outcome.Describe());
        ushort ip = Convert.ToUInt16(pc.GuestOutput, 16);
        Assert.Equal((0x0F, 0xFF), (pc.Hardware.Memory.Read8(ip), pc.Hardware.Memory.Read8(ip + 1u))); // it points at the opcode
    }

    [Fact]
    public void Cli_hlt_stops_the_machine_and_says_so()
    {
        byte[] image = Fat12Image.Bootable(asm => { asm.cli(); asm.hlt(); });

        using var pc = new TestPc(image);
        MachineOutcome outcome = pc.Run();

        Assert.Equal((StopReason.Halted, 0), (outcome.Stop, outcome.ExitStatus));
        Assert.True(outcome.Describe().StartsWith("the guest halted with interrupts disabled at 0000:7C40 after", StringComparison.Ordinal), outcome.Describe()); // CS:IP after the HLT, as the CPU leaves it
    }

    [Fact]
    public void Cancellation_stops_a_spinning_guest_with_status_130()
    {
        byte[] image = Fat12Image.Bootable(asm => asm.Spin());
        using var pc = new TestPc(image);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        MachineOutcome outcome = pc.Machine.Run(new MachineRunOptions(), cancel.Token);

        Assert.Equal((StopReason.Cancelled, 130), (outcome.Stop, outcome.ExitStatus));
    }

    [Fact]
    public void Quit_from_another_thread_ends_the_run_with_status_0()
    {
        byte[] image = Fat12Image.Bootable(asm => { asm.sti(); asm.Spin(); });
        using var pc = new TestPc(image);
        var timer = new Timer(_ => pc.Machine.RequestQuit(), null, 200, Timeout.Infinite);

        MachineOutcome outcome = pc.Run();
        timer.Dispose();

        Assert.Equal((StopReason.Quit, 0), (outcome.Stop, outcome.ExitStatus));
    }

    [Fact]
    public void Two_virtual_clock_runs_give_the_same_screen_and_the_same_port_writes()
    {
        // Disk, timer, keyboard and screen all take part: the guest reads a sector, echoes keys on the
        // screen with the tick count, until Enter.
        byte[] image = Fat12Image.Bootable(asm =>
        {
            Label loop = asm.CreateLabel(), done = asm.CreateLabel();
            asm.xor(ax, ax); asm.mov(es, ax);
            asm.mov(ax, 0x0201); asm.mov(cx, 0x0005); asm.xor(dx, dx); asm.mov(bx, 0x1000); asm.@int(0x13);
            asm.Teletype("ready>");
            asm.Label(ref loop);
            asm.mov(ah, 0); asm.@int(0x16);
            asm.cmp(al, 13); asm.je(done);
            asm.mov(ah, 0x0E); asm.mov(bx, 7); asm.@int(0x10);
            asm.mov(ah, 0); asm.@int(0x1A);
            asm.mov(al, dl); asm.and(al, 0x0F); asm.add(al, (byte)'a'); asm.mov(ah, 0x0E); asm.@int(0x10);
            asm.jmp(loop);
            asm.Label(ref done);
            asm.ApmPowerOff();
        });

        (string Screen, List<(long, ushort, byte)> Trace, MachineOutcome Outcome) RunOnce()
        {
            using var pc = new TestPc(image, tracePortWrites: true);
            MachineOutcome outcome = pc.Run(new AutomationStep.Expect("ready>"), new AutomationStep.Send("hello world\r"));
            return (pc.Hardware.Screen().ToText(), pc.Trace.PortWrites.Select(w => (w.TimeNs, w.Port, w.Value)).ToList(), outcome);
        }

        var first = RunOnce();
        Assert.True(first.Outcome.Stop == StopReason.PowerOff, first.Outcome.Describe() + "\n" + first.Screen);
        var second = RunOnce();

        Assert.Equal(StopReason.PowerOff, first.Outcome.Stop);
        Assert.Contains("ready>h", first.Screen);
        Assert.Equal(first.Screen, second.Screen);
        Assert.True(first.Trace.Count > 300, $"{first.Trace.Count} port writes");
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Outcome.VirtualTimeNs, second.Outcome.VirtualTimeNs);
        Assert.Equal(first.Outcome.Instructions, second.Outcome.Instructions);
    }

    [Fact]
    public void Machines_are_independent_in_one_process()
    {
        byte[] image = Fat12Image.Bootable(asm => { asm.Teletype("one"); asm.DebugExit(0x2A); });
        byte[] other = Fat12Image.Bootable(asm => { asm.Teletype("two"); asm.DebugExit(0x15); });
        using var a = new TestPc(image);
        using var b = new TestPc(other);

        MachineOutcome[] outcomes = new[] { a, b }.AsParallel().Select(pc => pc.Run()).ToArray();

        Assert.Equal([0x55, 0x2B], outcomes.Select(o => o.ExitStatus));
        Assert.Contains("one", a.Hardware.Screen().ToText());
        Assert.DoesNotContain("two", a.Hardware.Screen().ToText());
    }
}
