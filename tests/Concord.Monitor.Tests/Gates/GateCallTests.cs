using System.Text;
using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>Calls that reach the callee and come back: buffers through the window, result registers and flags, both ends.</summary>
public sealed class GateCallTests
{
    private const int Buffer = 0x40000;

    /// <summary>The caller: DS = ES = 4000h, SI = 0, CX = 5, AH = 3Fh, INT 60h, then stops.</summary>
    private static void CallWithBuffer(Assembler a)
    {
        a.mov(ax, 0x4000);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.xor(si, si);
        a.mov(cx, 5);
        a.mov(ax, 0x3F00);
        a.clc();
        a.@int(0x60);
        GateRig.Done(a);
    }

    /// <summary>The service: sums the bytes at DS:SI into BX, writes them upper-cased at DS:SI+100h, AX = 1234h, IRET.</summary>
    private static void UpperCaseService(Assembler a)
    {
        var top = a.CreateLabel();
        a.xor(bx, bx);
        a.mov(di, si);
        a.add(di, 0x100);
        a.Label(ref top);
        a.lodsb();
        a.add(bl, al);
        a.adc(bh, 0);
        a.sub(al, 0x20);
        a.mov(__byte_ptr[di], al);
        a.inc(di);
        a.loop(top);
        a.mov(ax, 0x1234);
        a.iret();
    }

    [Theory]
    [InlineData("guest", "parent")]
    [InlineData("parent", "guest")]
    public void A_call_reads_and_writes_a_buffer_in_the_callers_memory_through_an_identity_window(string callerName, string calleeName)
    {
        using var rig = new GateRig();
        var caller = rig.AddVm(callerName, ramKib: 640);
        var callee = rig.AddVm(calleeName, ramKib: 256);
        rig.Gate(caller, 0x60, callee, 0x21, Buffer, 0x1000);
        caller.Load(0, CallWithBuffer);
        caller.Poke(Buffer, "hello"u8);
        callee.Load(0, GateRig.Idle);
        GateRig.Handler(callee, 0x21, 0x400, UpperCaseService);
        caller.Start();
        callee.Start();

        Assert.Equal(RunnerOutcome.Stalled, rig.Run()); // the caller stopped; the callee idles

        Assert.Equal("HELLO", Encoding.ASCII.GetString(caller.Peek(Buffer + 0x100, 5)));
        var s = caller.State;
        Assert.Equal((0x1234, "hello".Sum(c => c), 0, 5, 0x105, 0x4000, 0x4000), (s.AX, s.BX, s.CX, s.SI, s.DI, s.DS, s.ES));
        Assert.Equal((BareVm.CodeSegment, (ushort)0x2000, (ushort)0), (s.CS, s.SS, s.SP));
        Assert.Null(callee.Memory.GetPage(Buffer >> 12).Block); // the window is gone from the callee's map
        Assert.Equal(["call", "enter", "return"], rig.Trace.Events.Select(e => e.Kind.ToString().ToLowerInvariant()));
        Assert.Equal((1, 1, 0), (rig.Gates.Gates[0].Calls, rig.Gates.Gates[0].Returns, rig.Gates.Gates[0].Failures));
    }

    [Fact]
    public void After_a_call_the_callers_map_reports_its_window_as_written_elsewhere_so_no_compiled_code_of_it_survives()
    {
        using var rig = new GateRig();
        var caller = rig.AddVm("guest", ramKib: 640);
        var callee = rig.AddVm("parent", ramKib: 256);
        rig.Gate(caller, 0x60, callee, 0x21, Buffer, 0x1000);
        caller.Load(0, CallWithBuffer);
        caller.Poke(Buffer, "hello"u8);
        callee.Load(0, GateRig.Idle);
        GateRig.Handler(callee, 0x21, 0x400, UpperCaseService);
        var callerChanges = new List<MemoryMapChange>();
        var calleeChanges = new List<MemoryMapChange>();
        caller.Memory.Changed += callerChanges.Add;
        callee.Memory.Changed += calleeChanges.Add;
        caller.Start();
        callee.Start();

        rig.Run();

        Assert.Equal([new MemoryMapChange(MemoryMapChangeKind.WrittenElsewhere, Buffer >> 12, 1)], callerChanges);
        Assert.Equal([MemoryMapChangeKind.Swapped, MemoryMapChangeKind.Swapped], calleeChanges.Select(c => c.Kind)); // lent, then given back
        Assert.All(calleeChanges, c => Assert.True(c.Covers(Buffer >> 12)));
    }

    [Fact]
    public void Result_registers_and_the_carry_and_zero_flags_of_a_handler_that_returns_with_retf_2_reach_the_caller()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a =>
        {
            a.mov(ax, 0x0101); a.mov(bx, 0x0202); a.mov(cx, 0x0303); a.mov(dx, 0x0404);
            a.mov(si, 0x0505); a.mov(di, 0x0606); a.mov(bp, 0x0707);
            a.or(ax, ax); // ZF = 0, CF = 0
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.add(ax, bx); a.add(cx, dx); a.xchg(si, di); a.inc(bp);
            a.mov(bx, 0xB0B0);
            a.xor(dx, dx); // ZF = 1
            a.stc();
            a.retf(2);
        });
        guest.Start();
        parent.Start();

        rig.Run();

        var s = guest.State;
        Assert.Equal((0x0303, 0xB0B0, 0x0707, 0, 0x0606, 0x0505, 0x0708), (s.AX, s.BX, s.CX, s.DX, s.SI, s.DI, s.BP));
        Assert.True((s.Flags & (ushort)CpuFlags.CF) != 0, "CF");
        Assert.True((s.Flags & (ushort)CpuFlags.ZF) != 0, "ZF");
        var ret = rig.Trace.Events.Single(e => e.Kind == GateEventKind.Return);
        Assert.Equal(("stub", (ushort)0x0303, true), (ret.Detail, ret.Ax, ret.Cf));
    }

    [Fact]
    public void A_handler_that_returns_with_iret_gives_back_the_callers_own_flags()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { a.stc(); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.clc(); a.mov(ax, 7); a.iret(); });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(7, guest.State.AX);
        Assert.True((guest.State.Flags & (ushort)CpuFlags.CF) != 0, "IRET restored the flags pushed at entry, the caller's");
    }

    [Fact]
    public void A_handler_may_end_the_call_explicitly_with_int_on_the_end_vector()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, endVector: 0xEE);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { a.mov(ax, 1); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.push(ax);         // leaves the stack unbalanced: the explicit end does not need it balanced
            a.mov(ax, 0xE1E1);
            a.stc();
            a.@int(0xEE);
            a.mov(ax, 0xBAD);   // never runs
            a.iret();
        });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(0xE1E1, guest.State.AX);
        Assert.True((guest.State.Flags & (ushort)CpuFlags.CF) != 0);
        Assert.Equal("end-vector", rig.Trace.Events.Single(e => e.Kind == GateEventKind.Return).Detail);
    }

    [Fact]
    public void A_handler_may_end_the_call_explicitly_with_a_write_to_the_monitor_port()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { a.mov(ax, 0x0101); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(bx, 0x5050);
            a.mov(al, 0);
            a.@out(BareVm.MonitorPort, al);
            a.mov(bx, 0xBAD);   // never runs
            a.iret();
        });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal((0x0100, 0x5050), (guest.State.AX, guest.State.BX));
        Assert.Equal("port", rig.Trace.Events.Single(e => e.Kind == GateEventKind.Return).Detail);
    }

    [Fact]
    public void The_monitor_port_outside_a_call_does_nothing()
    {
        using var rig = new GateRig();
        var vm = rig.AddVm("alone");
        vm.Load(0, a => { a.mov(al, 0); a.@out(BareVm.MonitorPort, al); a.mov(ax, 0x600D); GateRig.Done(a); });
        vm.Start();

        Assert.Equal(RunnerOutcome.AllStopped, rig.Run());

        Assert.Equal(0x600D, vm.State.AX);
        Assert.Equal(ExitReason.Halted, rig.Runner.StoppedBy(vm.Id)!.Value.Reason);
    }

    [Fact]
    public void The_callee_is_attributed_to_its_caller_while_it_runs_the_handler_and_to_nobody_afterwards()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { a.nop(); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, a => { GateRig.Delay(a, 200); a.@out(BareVm.WhoPort, al); GateRig.Idle(a); });
        GateRig.Handler(parent, 0x21, 0x400, a => { a.@out(BareVm.WhoPort, al); a.iret(); });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal([new GateCaller(guest.Id, new CsIp(BareVm.CodeSegment, 1)), GateCaller.None], parent.Who);
        Assert.Equal(new CsIp(BareVm.CodeSegment, 1), rig.Trace.Events[0].At);
    }

    [Fact]
    public void Calls_repeat_and_each_one_lends_the_window_afresh()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21, Buffer, 0x2000);
        guest.Load(0, a =>
        {
            var top = a.CreateLabel();
            a.mov(ax, 0x4000);
            a.mov(ds, ax);
            a.mov(cx, 100);
            a.Label(ref top);
            a.@int(0x60);
            a.loop(top);
            GateRig.Done(a);
        });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.inc(__word_ptr[0x1FFE]); a.iret(); }); // the window's last word
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(100, guest.Word(Buffer + 0x1FFE));
        Assert.Equal(100, rig.Gates.Gates[0].Returns);
    }

    [Fact]
    public void A_gate_from_a_machine_file_spec_binds_the_vms_it_names()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("dos-nx");
        var parent = rig.AddVm("dos-at", ramKib: 256);
        var gate = rig.Gates.AddGate(new GateSpec("dos-nx", 0x60, "dos-at", 0x21, new GateWindow(0x20000, 0x1000), WindowMapping.Relocate));
        guest.Load(0, a => { a.mov(ax, 0x2000); a.mov(ds, ax); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(ax, ds); a.iret(); });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal((guest.Id, parent.Id, 0x40000), (gate.Caller, gate.Callee, gate.Target));
        Assert.Equal(0x4000, guest.State.AX);
        Assert.Equal(parent.Id, rig.Gates.FindVm("dos-at"));
        Assert.Equal("dos-nx", rig.Gates.VmName(guest.Id));
    }
}
