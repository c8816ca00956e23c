using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A DOS as the callee (<see cref="GateVmOptions.Dos"/>, <see cref="FakeDos"/>): the monitor asks it
/// at its first INT 28h, enters it only at DOS's safe points, and runs each call under its own PSP,
/// DTA and INT 23h/24h, giving the OS its own back afterwards.
/// </summary>
public sealed class DosGateTests
{
    private const ushort ContextSegment = GateVmOptions.DefaultContextPage >> 4;
    private const ushort StubSegment = GateVmOptions.DefaultStubPage >> 4;

    /// <summary>An app (no DOS) and a DOS; INT 60h in the app runs the DOS's INT 21h.</summary>
    private static (GateRig Rig, BareVm App, BareVm Dos) Setup(Action<Assembler> dosProgram, ushort function, ushort callDelay = 10,
        byte major = 7, byte minor = 10, bool answersSda = true, bool int21 = true, byte keyboardVector = 0x16)
    {
        var rig = new GateRig();
        var app = rig.AddVm("app");
        var dos = rig.AddVm("dos", dos: true, keyboardVector: keyboardVector);
        rig.Gate(app, 0x60, dos, 0x21);
        FakeDos.Install(dos, major, minor, answersSda, int21);
        dos.Load(0, dosProgram);
        app.Load(0, a =>
        {
            GateRig.Delay(a, callDelay);
            a.mov(ax, function);
            a.@int(0x60);
            a.mov(__word_ptr[0x600], ax);
            a.pushf();
            a.pop(__word_ptr[0x602]);
            GateRig.Done(a);
        });
        app.Start();
        dos.Start();
        return (rig, app, dos);
    }

    private static (ushort Ax, bool Cf) Result(BareVm app) => (app.Word(0x600), (app.Word(0x602) & (ushort)CpuFlags.CF) != 0);

    [Fact]
    public void The_dos_is_asked_at_its_first_int_28h_and_a_call_waits_for_that()
    {
        var (rig, app, dos) = Setup(a =>
        {
            GateRig.Delay(a, 500);              // still starting: no INT 28h yet
            FakeDos.ConsoleWait(a, 20);
            GateRig.Done(a);
        }, 0x3D00);
        using var _ = rig;
        Assert.Equal(DosState.Learning, rig.Gates.Dos(dos.Id)!.State);

        rig.Run();

        Assert.Equal((0x1234, false), Result(app));
        Assert.Equal(new DosInfo(DosState.Known, 7, 10, FakeDos.InDos, FakeDos.Sda, ContextSegment, null, -1, FakeDos.Sda), rig.Gates.Dos(dos.Id));
        Assert.Null(rig.Gates.Dos(app.Id));
        Assert.Equal(["call app>dos", "wait app>dos learning", "learned dos>dos", "enter app>dos", "return app>dos stub"], Steps(rig));
        Assert.Contains("\"gate\":\"learned\",\"caller\":1,\"callerName\":\"dos\",\"at\":\"1000:", rig.Json);
        Assert.Contains("\"detail\":\"DOS 7.10, InDOS 00701h, critical error 006F0h\"", rig.Json);
    }

    [Fact]
    public void A_dos_that_does_not_give_its_swappable_data_area_keeps_the_critical_error_flag_before_indos()
    {
        var (rig, _, dos) = Setup(a => { FakeDos.ConsoleWait(a, 20); GateRig.Done(a); }, 0x3D00, answersSda: false);
        using var _ = rig;
        rig.Run();
        Assert.Equal(FakeDos.CriticalError, rig.Gates.Dos(dos.Id)!.CriticalError);
    }

    [Fact]
    public void A_call_runs_under_the_monitors_psp_dta_int_24h_and_stack_and_the_os_gets_its_own_back()
    {
        var (rig, app, dos) = Setup(a => { FakeDos.ConsoleWait(a, 30); GateRig.Done(a); }, 0x3D00, callDelay: 200);
        using var _ = rig;

        rig.Run();

        Assert.Equal((0x1234, false), Result(app));
        Assert.Equal(1, dos.Word(FakeDos.Services));
        // during the call: the monitor's process context, on its own stack
        Assert.Equal(ContextSegment, dos.Word(FakeDos.SeenPsp));
        Assert.Equal((ContextSegment, (ushort)0x80), (dos.Word(FakeDos.SeenDtaSegment), dos.Word(FakeDos.SeenDtaOffset)));
        Assert.Equal((StubSegment, GateMonitor.Int24StubOffset), (dos.Word(FakeDos.SeenInt24Segment), dos.Word(FakeDos.SeenInt24Offset)));
        Assert.Equal(ContextSegment, dos.Word(FakeDos.SeenSs));
        // afterwards: the OS's own
        Assert.Equal(FakeDos.OsPsp, dos.Word(FakeDos.Psp));
        Assert.Equal((FakeDos.OsPsp, FakeDos.OsDtaOffset), (dos.Word(FakeDos.DtaSegment), dos.Word(FakeDos.DtaOffset)));
        Assert.Equal((BareVm.CodeSegment, FakeDos.Int24Offset), (dos.Word(0x24 * 4 + 2), dos.Word(0x24 * 4)));
        // the monitor's PSP (RBIL's layout): INT 20h, its own parent, 20 closed handles, the version for AH=30h
        int psp = GateVmOptions.DefaultContextPage;
        Assert.Equal([0xCD, 0x20], dos.Peek(psp, 2));
        Assert.Equal(ContextSegment, dos.Word(psp + 0x16));
        Assert.All(dos.Peek(psp + 0x18, 20), b => Assert.Equal(0xFF, b));
        Assert.Equal((ushort)20, dos.Word(psp + 0x32));
        Assert.Equal([7, 10], dos.Peek(psp + 0x40, 2));
    }

    [Fact]
    public void The_gate_dta_set_by_one_call_is_the_dta_of_the_next_while_the_os_keeps_its_own()
    {
        var rig = new GateRig();
        using var _ = rig;
        var app = rig.AddVm("app");
        var dos = rig.AddVm("dos", dos: true);
        rig.Gate(app, 0x60, dos, 0x21);
        FakeDos.Install(dos);
        dos.Load(0, a => { FakeDos.ConsoleWait(a, 60); GateRig.Done(a); });
        app.Load(0, a =>
        {
            GateRig.Delay(a, 50);
            a.mov(ax, 0x1A00);              // set the DTA to 4000:0123 through the gate
            a.mov(dx, 0x4000);
            a.mov(ds, dx);
            a.mov(dx, 0x0123);
            a.@int(0x60);
            a.mov(ax, 0x2F00);              // and read it back in another call
            a.@int(0x60);
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.mov(__word_ptr[0x600], bx);
            a.mov(__word_ptr[0x602], es);
            GateRig.Done(a);
        });
        app.Start();
        dos.Start();

        rig.Run();

        Assert.Equal((0x0123, 0x4000), (app.Word(0x600), app.Word(0x602)));
        Assert.Equal((FakeDos.OsPsp, FakeDos.OsDtaOffset), (dos.Word(FakeDos.DtaSegment), dos.Word(FakeDos.DtaOffset)));
    }

    [Fact]
    public void At_int_28h_with_indos_1_a_console_function_waits_for_the_programs_next_int_21h_and_that_call_is_still_served()
    {
        var (rig, app, dos) = Setup(a =>
        {
            FakeDos.ConsoleWait(a, 60);         // InDOS = 1: only functions above 0Ch may enter here
            a.mov(__byte_ptr[FakeDos.Marker], 1);
            FakeDos.ProgramCall(a);             // InDOS = 0, at the program's INT 21h: any function
            GateRig.Done(a);
        }, 0x0900, callDelay: 600);
        using var _ = rig;

        rig.Run();

        Assert.Equal(1, dos.Word(FakeDos.ConsoleCalls));
        Assert.Equal(1, dos[FakeDos.SeenMarker]);              // entered only after the console wait
        Assert.Equal(1, dos.Word(FakeDos.ProgramCalls));       // the program's own INT 21h ran afterwards
        Assert.Equal(2, dos.State.AX & 0xFF);                  // with its own answer
        Assert.Equal(["call app>dos", "wait app>dos busy", "enter app>dos", "return app>dos stub"], Steps(rig).Where(s => !s.StartsWith("learned", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_call_waits_while_the_critical_error_flag_is_set()
    {
        var (rig, app, dos) = Setup(a =>
        {
            FakeDos.ConsoleWait(a, 1);
            a.mov(__byte_ptr[FakeDos.Sda], 1); // a critical error in progress (as the SDA says)
            FakeDos.ConsoleWait(a, 40, spacing: 50);
            a.mov(__byte_ptr[FakeDos.Sda], 0);
            a.mov(__byte_ptr[FakeDos.Marker], 1);
            FakeDos.ConsoleWait(a, 10);
            GateRig.Done(a);
        }, 0x3D00, callDelay: 500);
        using var _ = rig;

        rig.Run();

        Assert.Equal((0x1234, false), Result(app));
        Assert.Equal(1, dos[FakeDos.SeenMarker]);
    }

    [Fact]
    public void A_dos_busy_in_its_own_code_with_indos_0_is_entered_at_its_next_int_21h_not_in_between()
    {
        var (rig, app, dos) = Setup(a =>
        {
            FakeDos.ConsoleWait(a, 2);          // learned
            GateRig.Delay(a, 3000);             // its own work, outside DOS, never halting
            a.mov(__byte_ptr[FakeDos.Marker], 1);
            FakeDos.ProgramCall(a);
            GateRig.Done(a);
        }, 0x3D00, callDelay: 1000);
        using var _ = rig;

        rig.Run();

        Assert.Equal((0x1234, false), Result(app));
        Assert.Equal(1, dos[FakeDos.SeenMarker]);
        Assert.Equal(1, dos.Word(FakeDos.ProgramCalls));
    }

    [Fact]
    public void A_dos_idling_halted_with_indos_0_is_entered_at_once()
    {
        var (rig, app, dos) = Setup(a =>
        {
            FakeDos.ConsoleWait(a, 2);
            GateRig.Idle(a);
        }, 0x3D00, callDelay: 1000);
        using var _ = rig;

        rig.Run();

        Assert.Equal((0x1234, false), Result(app));
        Assert.Equal(1, rig.Gates.Gates[0].Returns);
        Assert.Equal(0, rig.Gates.Gates[0].Waits);
    }

    [Fact]
    public void A_dos_older_than_3_1_is_not_used_and_calls_to_it_fail_with_c009()
    {
        var (rig, app, dos) = Setup(a => { FakeDos.ConsoleWait(a, 10); GateRig.Done(a); }, 0x3D00, major: 3, minor: 0);
        using var _ = rig;

        rig.Run();

        Assert.Equal(((ushort)GateError.NoSafePoint, true), Result(app));
        DosInfo info = rig.Gates.Dos(dos.Id)!;
        Assert.Equal(DosState.Failed, info.State);
        Assert.StartsWith("DOS 3.00: the monitor needs DOS 3.1 or later", info.Reason);
        Assert.Contains("\"gate\":\"notlearned\"", rig.Json);
        Assert.Contains("fail app>dos no-safe-point", Steps(rig));
    }

    [Theory]
    [InlineData(0x16)] // the PC/AT's keyboard BIOS
    [InlineData(0x18)] // the PC-98's
    public void An_os_without_int_21h_is_reported_when_it_waits_for_a_key_and_calls_to_it_fail_with_c009(byte keyboard)
    {
        var (rig, app, dos) = Setup(a =>
        {
            a.mov(ah, 0x00);                    // a boot sector waiting for a key
            a.@int(keyboard);
            GateRig.Done(a);
        }, 0x3D00, int21: false, keyboardVector: keyboard);
        using var _ = rig;

        rig.Run();

        Assert.Equal(((ushort)GateError.NoSafePoint, true), Result(app));
        Assert.Equal("INT 21h has no handler (its vector is 0000:0000): no DOS is installed", rig.Gates.Dos(dos.Id)!.Reason);
        Assert.Equal(0x1000, dos.State.CS);                    // and it went on: its key read was served
    }

    [Fact]
    public void A_dos_vm_refuses_a_fixed_busy_byte_and_a_mapped_context_page()
    {
        using var rig = new GateRig();
        var vm = new BareVm(rig, "x", 640, CpuModel.I8086);
        using var _ = vm;
        var both = new GateVmOptions { Name = "x", Vcpu = vm.Cpu, Memory = vm.Memory, Dos = true, BusyByte = 0x500 };
        Assert.Contains("give a busy byte or Dos, not both", Assert.Throws<ArgumentException>(() => rig.Gates.AddVm(both)).Message);
        var mapped = new GateVmOptions { Name = "x", Vcpu = vm.Cpu, Memory = vm.Memory, Dos = true, ContextPage = 0x10000 };
        Assert.Contains("the context page 10000h is already mapped", Assert.Throws<ArgumentException>(() => rig.Gates.AddVm(mapped)).Message);
    }

    private static List<string> Steps(GateRig rig) => rig.Trace.Steps();
}
