using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// An 80386 callee: in protected mode its real-mode services cannot be entered, so a call waits;
/// in virtual-8086 mode it is entered through the real-mode vectors at 0 (where a V86 monitor
/// reflects an INT), not through IDTR, which then holds the protected-mode table.
/// </summary>
public sealed class Callee386Tests
{
    [Fact]
    public void A_call_waits_while_the_callee_is_in_protected_mode_and_enters_when_it_is_back_in_real_mode()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest", model: CpuModel.I80386);
        var parent = rig.AddVm("parent", ramKib: 256, model: CpuModel.I80386);
        rig.Gate(guest, 0x60, parent, 0x21, 0x40000, 0x1000);
        guest.Load(0, a =>
        {
            GateRig.Delay(a, 500);        // the parent is in protected mode by then
            a.mov(ax, 0x4000);
            a.mov(ds, ax);
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, a =>
        {
            a.mov(eax, cr0);
            a.or(al, 1);
            a.mov(cr0, eax);              // protected mode, the real-mode caches kept
            GateRig.Delay(a, 2000);
            a.mov(eax, cr0);
            a.and(al, 0xFE);
            a.mov(cr0, eax);
            a.mov(__word_ptr[0x600], 0x1111); // DS = 0: the parent left protected mode
            GateRig.Idle(a);
        });
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.push(ds);
            a.push(0);
            a.pop(ds);
            a.mov(ax, __word_ptr[0x600]); // 1111h only if entered after the parent left protected mode
            a.pop(ds);
            a.mov(__word_ptr[0x20], ax);  // into the window (DS = the caller's 4000h)
            a.iret();
        });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Contains(rig.Trace.Events, e => e.Kind == GateEventKind.Wait && e.Detail == "busy");
        Assert.Single(rig.Trace.Events, e => e.Kind == GateEventKind.Return);
        Assert.Equal(0x1111, guest.Word(0x40020));
    }

    [Fact]
    public void A_callee_in_virtual_8086_mode_is_entered_through_the_real_mode_vectors_at_0()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest", model: CpuModel.I80386);
        var parent = rig.AddVm("parent", ramKib: 256, model: CpuModel.I80386);
        rig.Gate(guest, 0x60, parent, 0x21, 0x40000, 0x1000);
        guest.Load(0, a =>
        {
            GateRig.Delay(a, 1000);
            a.mov(ax, 0x4000);
            a.mov(ds, ax);
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, a =>
        {
            var spin = a.CreateLabel();
            a.Label(ref spin);
            a.jmp(spin);                  // HLT would fault in V86 mode: the parent spins
        });
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(__word_ptr[0x20], 0xFEED);
            a.iret();
        });
        guest.Start();
        parent.Start();
        CpuState v86 = parent.State;
        v86.Cr0 |= 1;
        v86.EFlags |= 0x0002_0000 | 0x3000; // VM, IOPL 3 (IRET stays in V86 mode)
        v86.IdtBase = 0x9000;               // the protected-mode table: all zeros, no handler
        v86.IdtLimit = 0x7FF;
        parent.Cpu.SetState(v86);

        var outcome = rig.Runner.Run(200_000);
        Assert.True(outcome == RunnerOutcome.LimitReached, $"{outcome} {parent.Cpu.LastExit} EF={parent.State.EFlags:X} CR0={parent.State.Cr0:X} SS={parent.State.SS:X}:{parent.State.ESP:X} CS={parent.State.CS:X} {string.Join("; ", rig.Trace.Events)}");

        Assert.Single(rig.Trace.Events, e => e.Kind == GateEventKind.Return);
        Assert.Equal(0xFEED, guest.Word(0x40020));
        Assert.NotEqual(0u, parent.State.EFlags & 0x0002_0000); // still in V86 mode after the call
    }
}
