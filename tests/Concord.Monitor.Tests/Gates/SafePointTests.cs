using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>Safe points: calls wait for the busy byte and for other calls; cycles fail; nesting works when it is not a cycle.</summary>
public sealed class SafePointTests
{
    private static bool Carry(BareVm vm) => (vm.State.Flags & (ushort)CpuFlags.CF) != 0;

    /// <summary>AX and FLAGS after the INT are kept at 0600h and 0602h (DS = 0).</summary>
    private static void KeepResult(Assembler a)
    {
        a.mov(__word_ptr[0x600], ax);
        a.pushf();
        a.pop(__word_ptr[0x602]);
    }

    private static void SetBusy(Assembler a, byte value) => a.mov(__byte_ptr[BareVm.BusyByte], value);

    [Fact]
    public void A_call_arriving_while_the_callees_busy_byte_is_set_waits_until_the_callee_clears_it_and_then_completes()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, busyByte: true);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { GateRig.Delay(a, 100); a.mov(ax, 0xFFFF); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, a =>
        {
            SetBusy(a, 1);
            GateRig.Delay(a, 2000);
            SetBusy(a, 0);
            a.mov(__byte_ptr[0x501], 0x99); // it got past its own service
            GateRig.Idle(a);
        });
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(al, __byte_ptr[BareVm.BusyByte]); a.mov(ah, __byte_ptr[0x501]); a.iret(); });
        guest.Start();
        parent.Start();

        Assert.Equal(RunnerOutcome.LimitReached, rig.Runner.Run(1000));
        Assert.Equal(GateVmStatus.Waiting, rig.Gates.Status(guest.Id));
        Assert.Equal(parent.Id, rig.Gates.CalleeOf(guest.Id));
        Assert.Equal(GateVmStatus.Runnable, rig.Gates.Status(parent.Id));

        rig.Run();

        Assert.Equal(0x9900, guest.State.AX); // entered only after the busy byte was clear
        Assert.Equal(["call guest>parent", "wait guest>parent busy", "enter guest>parent", "return guest>parent stub"], rig.Trace.Steps());
        Assert.True(rig.Trace.Events[2].TimeNs > 2000, $"entered at {rig.Trace.Events[2].TimeNs} ns, before the callee's service ended");
        Assert.Equal(1, rig.Gates.Gates[0].Waits);
    }

    [Fact]
    public void A_call_waits_while_the_callee_is_inside_a_hardware_interrupt_handler_even_with_its_busy_byte_clear()
    {
        // The probe stands for the callee's PIC: "an interrupt is in service" while the byte at 0502h is set.
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, busyByte: true, inInterruptHandler: vm => vm.Memory.Read8(0x502) != 0);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { GateRig.Delay(a, 100); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, a =>
        {
            a.mov(__byte_ptr[0x502], 1);    // inside its timer handler, before the EOI
            GateRig.Delay(a, 2000);
            a.mov(__byte_ptr[0x502], 0);    // EOI: a safe point again
            a.mov(__byte_ptr[0x501], 0x77);
            GateRig.Idle(a);
        });
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(al, __byte_ptr[0x502]); a.mov(ah, __byte_ptr[0x501]); a.iret(); });
        guest.Start();
        parent.Start();

        Assert.Equal(RunnerOutcome.LimitReached, rig.Runner.Run(1000));
        Assert.Equal(GateVmStatus.Waiting, rig.Gates.Status(guest.Id));

        rig.Run();

        Assert.Equal(0x7700, guest.State.AX); // entered only after the handler had ended
        Assert.Equal(["call guest>parent", "wait guest>parent busy", "enter guest>parent", "return guest>parent stub"], rig.Trace.Steps());
    }

    [Fact]
    public void A_call_waits_while_another_call_is_inside_the_callee_and_enters_after_it_returns()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a");
        var c1 = rig.AddVm("c");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gate(a1, 0x60, parent, 0x21);
        rig.Gate(c1, 0x60, parent, 0x21);
        a1.Load(0, a => { a.mov(bx, 0xA); a.@int(0x60); GateRig.Done(a); });
        c1.Load(0, a => { a.mov(bx, 0xC); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(ax, __word_ptr[0x700]); // calls served so far
            a.inc(__word_ptr[0x700]);
            GateRig.Delay(a, 500);        // a long service
            a.iret();
        });
        a1.Start();
        c1.Start();
        parent.Start();

        rig.Run();

        Assert.Equal((0, 1), (a1.State.AX, c1.State.AX));
        Assert.Equal(["call a>parent", "enter a>parent", "call c>parent", "wait c>parent occupied",
            "return a>parent stub", "enter c>parent", "return c>parent stub"], rig.Trace.Steps());
    }

    [Fact]
    public void A_waits_for_B_while_B_calls_A_fails_the_later_call_with_the_cycle_code_and_nothing_hangs()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a", busyByte: true);
        var b1 = rig.AddVm("b", busyByte: true);
        rig.Gate(a1, 0x60, b1, 0x21);
        rig.Gate(b1, 0x61, a1, 0x21);
        a1.Load(0, a =>
        {
            SetBusy(a, 1);                 // A calls from inside its own service
            GateRig.Delay(a, 100);
            a.@int(0x60);
            KeepResult(a);
            SetBusy(a, 0);
            GateRig.Done(a);
        });
        b1.Load(0, a =>
        {
            SetBusy(a, 1);
            GateRig.Delay(a, 500);
            a.@int(0x61);                 // A waits for B, B now waits for A: refused
            KeepResult(a);
            SetBusy(a, 0);
            GateRig.Idle(a);
        });
        GateRig.Handler(a1, 0x21, 0x400, a => { a.mov(ax, 0xAAAA); a.iret(); });
        GateRig.Handler(b1, 0x21, 0x400, a => { a.mov(ax, 0xBBBB); a.iret(); });
        a1.Start();
        b1.Start();

        rig.Run();

        Assert.Equal((ushort)GateError.Cycle, b1.Word(0x600));
        Assert.True((b1.Word(0x602) & (ushort)CpuFlags.CF) != 0, "CF=1 with the error code");
        Assert.Equal(0xBBBB, a1.Word(0x600));   // A's own call completed once B was out of its service
        Assert.Equal(["call a>b", "wait a>b busy", "call b>a", "fail b>a cycle", "enter a>b", "return a>b stub"], rig.Trace.Steps());
    }

    [Fact]
    public void A_callback_into_a_caller_that_is_inside_its_own_service_fails_with_the_cycle_code()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a", busyByte: true);
        var b1 = rig.AddVm("b", ramKib: 256);
        rig.Gate(a1, 0x60, b1, 0x21);
        rig.Gate(b1, 0x61, a1, 0x21);
        a1.Load(0, a => { SetBusy(a, 1); a.@int(0x60); GateRig.Done(a); });
        b1.Load(0, GateRig.Idle);
        GateRig.Handler(a1, 0x21, 0x400, a => { a.mov(ax, 0xAAAA); a.iret(); });
        GateRig.Handler(b1, 0x21, 0x400, a =>
        {
            a.@int(0x61);                 // back into A, which is busy and waits for this very call
            a.mov(dx, ax);
            a.mov(ax, 0xBBBB);
            a.iret();
        });
        a1.Start();
        b1.Start();

        rig.Run();

        Assert.Equal((0xBBBB, (ushort)GateError.Cycle), (a1.State.AX, a1.State.DX));
        Assert.Equal(["call a>b", "enter a>b", "call b>a", "fail b>a cycle", "return a>b stub"], rig.Trace.Steps());
    }

    [Fact]
    public void A_callback_into_a_caller_at_a_safe_point_runs_and_the_outer_call_then_completes()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a", busyByte: true);
        var b1 = rig.AddVm("b", ramKib: 256);
        rig.Gate(a1, 0x60, b1, 0x21);
        rig.Gate(b1, 0x61, a1, 0x21);
        a1.Load(0, a => { a.mov(si, 0x5151); a.@int(0x60); GateRig.Done(a); });
        b1.Load(0, GateRig.Idle);
        GateRig.Handler(a1, 0x21, 0x400, a => { a.mov(ax, 0xAAAA); a.mov(si, 0xA5A5); a.@out(BareVm.WhoPort, al); a.iret(); });
        GateRig.Handler(b1, 0x21, 0x400, a =>
        {
            a.@int(0x61);
            a.mov(dx, ax);
            a.mov(ax, 0xBBBB);
            a.iret();
        });
        a1.Start();
        b1.Start();

        rig.Run();

        var s = a1.State;
        Assert.Equal((0xBBBB, 0xAAAA, 0xA5A5), (s.AX, s.DX, s.SI)); // SI: from A's callback handler, through B, back to A
        Assert.Equal((ushort)0, s.SP);                               // A's stack is as it was
        Assert.Equal(b1.Id, Assert.Single(a1.Who).Vm);
        Assert.Equal(["call a>b", "enter a>b", "call b>a", "enter b>a", "return b>a stub", "return a>b stub"], rig.Trace.Steps());
    }

    [Fact]
    public void A_call_chain_through_three_vms_lends_the_first_callers_window_on_to_the_third()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a");
        var b1 = rig.AddVm("b", ramKib: 256);
        var c1 = rig.AddVm("c", ramKib: 256);
        rig.Gate(a1, 0x60, b1, 0x21, 0x40000, 0x1000);
        rig.Gate(b1, 0x62, c1, 0x21, 0x40000, 0x1000);  // B's page at 40000h is A's, lent
        a1.Load(0, a => { a.mov(ax, 0x4000); a.mov(ds, ax); a.@int(0x60); GateRig.Done(a); });
        b1.Load(0, GateRig.Idle);
        c1.Load(0, GateRig.Idle);
        GateRig.Handler(b1, 0x21, 0x400, a => { a.@int(0x62); a.mov(dx, ax); a.mov(ax, 0xBBBB); a.iret(); });
        GateRig.Handler(c1, 0x21, 0x400, a => { a.mov(__word_ptr[0x10], 0xC3C3); a.mov(ax, 0xCCCC); a.iret(); });
        a1.Start();
        b1.Start();
        c1.Start();

        rig.Run();

        Assert.Equal((0xBBBB, 0xCCCC), (a1.State.AX, a1.State.DX));
        Assert.Equal(0xC3C3, a1.Word(0x40010));
        Assert.Null(b1.Memory.GetPage(0x40).Block);
        Assert.Null(c1.Memory.GetPage(0x40).Block);
    }

    [Fact]
    public void A_cycle_through_three_vms_fails_the_call_that_closes_it()
    {
        using var rig = new GateRig();
        var a1 = rig.AddVm("a", busyByte: true);
        var b1 = rig.AddVm("b", busyByte: true);
        var c1 = rig.AddVm("c", busyByte: true);
        rig.Gate(a1, 0x60, b1, 0x21);
        rig.Gate(b1, 0x60, c1, 0x21);
        rig.Gate(c1, 0x60, a1, 0x21);
        foreach (var (vm, delay) in new[] { (a1, (ushort)100), (b1, (ushort)300), (c1, (ushort)500) })
        {
            vm.Load(0, a =>
            {
                SetBusy(a, 1);
                GateRig.Delay(a, delay);
                a.@int(0x60);
                KeepResult(a);
                SetBusy(a, 0);
                GateRig.Idle(a);
            });
            GateRig.Handler(vm, 0x21, 0x400, a => { a.mov(ax, 0x600D); a.iret(); });
            vm.Start();
        }

        rig.Run();

        Assert.Equal(((ushort)GateError.Cycle, 0x600D, 0x600D), (c1.Word(0x600), b1.Word(0x600), a1.Word(0x600)));
        Assert.Equal("fail c>a cycle", rig.Trace.Steps()[5]);
    }
}
