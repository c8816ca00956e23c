using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>Refused calls come back to the caller with CF=1 and the error code in AX; bad configuration throws.</summary>
public sealed class GateFailureTests
{
    private static void AssertFailed(BareVm caller, GateError error)
    {
        Assert.Equal((ushort)error, caller.State.AX);
        Assert.True((caller.State.Flags & (ushort)CpuFlags.CF) != 0, "CF=1");
        Assert.Equal(0x7777, caller.State.BX); // the other registers are left alone
    }

    private static void Call(Assembler a, ushort delay = 10, ushort dataSegment = 0)
    {
        GateRig.Delay(a, delay);
        a.mov(bx, 0x7777);
        a.mov(ax, dataSegment);
        a.mov(ds, ax);
        a.clc();
        a.@int(0x60);
        GateRig.Done(a);
    }

    [Fact]
    public void A_window_over_pages_the_callee_uses_fails_with_the_collision_code_and_never_enters_the_callee()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21, 0x30000, 0x2000); // the parent's RAM ends at 40000h
        guest.Load(0, a => Call(a));
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(ax, 0); a.iret(); });
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.WindowCollision);
        Assert.Equal(["call guest>parent", "fail guest>parent window-collision"], rig.Trace.Steps());
    }

    [Fact]
    public void A_window_over_pages_the_callee_declared_lendable_works_and_the_callees_own_pages_come_back()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, lendable: [new PageRange(0x30000, 0x1000)]);
        rig.Gate(guest, 0x60, parent, 0x21, 0x30000, 0x1000);
        guest.Load(0, a => Call(a, dataSegment: 0x3000));
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(al, __byte_ptr[0]); a.mov(__byte_ptr[1], 0x66); a.iret(); });
        guest[0x30000] = 0x55;
        parent[0x30000] = 0xAA;
        var parentPage = parent.Memory.GetPage(0x30);
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(0x55, guest.State.AX & 0xFF);              // the handler read the caller's byte
        Assert.Equal((0x66, 0xAA, 0), (guest[0x30001], parent[0x30000], parent[0x30001]));
        Assert.Equal(parentPage, parent.Memory.GetPage(0x30));
    }

    [Fact]
    public void A_window_outside_the_callers_memory_fails_with_its_code()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21, 0xC0000, 0x1000);  // nothing is mapped there in the guest
        guest.Load(0, a => Call(a));
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => a.iret());
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.WindowOutsideCaller);
    }

    [Fact]
    public void A_call_into_a_powered_off_vm_fails_with_the_callee_unavailable_code()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => Call(a, delay: 500));
        parent.Load(0, a => { a.mov(al, 0); a.@out(BareVm.ExitPort, al); GateRig.Idle(a); });
        GateRig.Handler(parent, 0x21, 0x400, a => a.iret());
        guest.Start();
        parent.Start();

        Assert.Equal(RunnerOutcome.AllStopped, rig.Run());

        AssertFailed(guest, GateError.CalleeUnavailable);
        Assert.Equal(GateVmStatus.Off, rig.Gates.Status(parent.Id));
    }

    [Fact]
    public void A_call_into_a_vm_halted_with_interrupts_off_fails_with_the_callee_unavailable_code()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => Call(a, delay: 500));
        parent.Load(0, GateRig.Done);
        GateRig.Handler(parent, 0x21, 0x400, a => a.iret());
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.CalleeUnavailable);
    }

    [Fact]
    public void A_waiting_call_fails_when_its_callee_powers_off_before_reaching_a_safe_point()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, busyByte: true);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => Call(a, delay: 150));
        parent.Load(0, a =>
        {
            a.mov(__byte_ptr[BareVm.BusyByte], 1);
            GateRig.Delay(a, 1000);
            a.@out(BareVm.ExitPort, al);
        });
        GateRig.Handler(parent, 0x21, 0x400, a => a.iret());
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.CalleeUnavailable);
        Assert.Equal(["call guest>parent", "wait guest>parent busy", "fail guest>parent callee-unavailable"], rig.Trace.Steps());
    }

    [Fact]
    public void A_callee_that_powers_off_inside_the_handler_fails_the_call_and_gives_the_window_back()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21, 0x40000, 0x1000);
        guest.Load(0, a => Call(a));
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.@out(BareVm.ExitPort, al); a.iret(); });
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.CalleeUnavailable);
        Assert.Null(parent.Memory.GetPage(0x40).Block);
    }

    [Fact]
    public void A_service_vector_without_a_handler_fails_with_the_no_handler_code()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => Call(a));
        parent.Load(0, GateRig.Idle);
        guest.Start();
        parent.Start();

        rig.Run();

        AssertFailed(guest, GateError.NoHandler);
    }

    [Fact]
    public void A_call_that_waits_longer_than_the_limit_fails_with_the_timeout_code()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, busyByte: true);
        rig.Gates.WaitLimitNs = 5000;
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => Call(a, delay: 150));
        parent.Load(0, a =>
        {
            var spin = a.CreateLabel();
            a.mov(__byte_ptr[BareVm.BusyByte], 1);
            a.Label(ref spin);
            a.jmp(spin);               // never leaves its service
        });
        GateRig.Handler(parent, 0x21, 0x400, a => a.iret());
        guest.Start();
        parent.Start();

        Assert.Equal(RunnerOutcome.LimitReached, rig.Runner.Run(20_000));

        AssertFailed(guest, GateError.Timeout);
        var fail = rig.Trace.Events[^1];
        Assert.InRange(fail.TimeNs - rig.Trace.Events[1].TimeNs, 5000, 5200);
    }

    [Fact]
    public void A_gated_int_in_a_vm_that_has_no_gate_on_that_vector_is_not_the_gates_business()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);
        parent.Cpu.WatchVector(0x60, true);
        parent.Load(0, a => { a.@int(0x60); GateRig.Idle(a); });
        parent.Start();

        Assert.False(rig.Gates.HandleExit(parent.Id, parent.Cpu.Run(10).Reason));
        Assert.Equal(ExitReason.WatchedInterrupt, parent.Cpu.LastExit.Reason);
    }

    [Fact]
    public void Bad_gate_configuration_is_refused_with_a_message_naming_the_gate()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest", endVector: 0xEE);
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(guest, 0x60, parent, 0x21);

        Assert.Contains("cannot call itself", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0x61, guest, 0x21)).Message);
        Assert.Contains("already a gate", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0x60, parent, 0x22)).Message);
        Assert.Contains("end vector", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0xEE, parent, 0x22)).Message);
        Assert.Contains("whole 4 KiB pages", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0x62, parent, 0x21, 0x40010, 0x1000)).Message);
        Assert.Contains("stub page", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0x63, parent, 0x21, 0xEE000, 0x2000)).Message);
        Assert.Contains("only for the relocate", Assert.Throws<ArgumentException>(() => rig.Gate(guest, 0x64, parent, 0x21, 0x40000, 0x1000, hole: 0x80000)).Message);
        Assert.Contains("no VM named 'nobody'", Assert.Throws<ArgumentException>(() =>
            rig.Gates.AddGate(new GateSpec("guest", 0x65, "nobody", 0x21, null, WindowMapping.Identity))).Message);
    }

    [Fact]
    public void A_vm_whose_stub_page_is_already_mapped_is_refused()
    {
        using var gates = new GateMonitor();
        using var ram = new MemoryBlock(0x100000);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, ram.Size);
        var cpu = new Engines.Interpreter.Interpreter(new Core.Cpu.VcpuOptions(), map, Core.Io.OpenBus.Instance);

        var e = Assert.Throws<ArgumentException>(() => gates.AddVm(new GateVmOptions { Name = "full", Vcpu = cpu, Memory = map }));

        Assert.Contains("stub page EF000h is already mapped", e.Message);
    }
}
