using Concord.Monitor.MachineFiles;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>The relocate mapping: the window appears in a free hole of the callee and DS/ES inside the window move with it.</summary>
public sealed class RelocationTests
{
    private static (GateRig Rig, BareVm Guest, BareVm Parent) Setup(Action<Assembler> caller, int? hole = null)
    {
        var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256); // identity at 20000h would collide with its RAM
        rig.Gate(guest, 0x60, parent, 0x21, 0x20000, 0x2000, WindowMapping.Relocate, hole);
        guest.Load(0, caller);
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(bx, ds);
            a.mov(dx, es);
            a.mov(al, __byte_ptr[0]);
            a.mov(__byte_ptr[0x10], (byte)'D');
            a.mov(__byte_ptr.es[0x10], (byte)'E');
            a.push(ds);
            a.mov(cx, 0x4000);              // the hole, read directly
            a.mov(ds, cx);
            a.mov(ah, __byte_ptr[0x1000]);
            a.pop(ds);
            a.iret();
        });
        guest.Start();
        parent.Start();
        return (rig, guest, parent);
    }

    private static void CallWithDsEsInWindow(Assembler a)
    {
        a.mov(ax, 0x2000);
        a.mov(ds, ax);
        a.mov(ax, 0x2100);
        a.mov(es, ax);
        a.@int(0x60);
        GateRig.Done(a);
    }

    [Fact]
    public void Ds_and_es_inside_the_window_are_shifted_to_the_hole_and_back_and_the_callee_sees_the_data_there()
    {
        var (rig, guest, parent) = Setup(CallWithDsEsInWindow);
        using var _ = rig;
        guest[0x20000] = 0x31;
        guest[0x21000] = 0x32;

        rig.Run();

        Assert.Equal(0x40000, rig.Gates.Gates[0].Target);        // the lowest free run of the callee from 10000h
        Assert.Equal(0x2000, rig.Gates.Gates[0].SegmentShift);
        var s = guest.State;
        Assert.Equal((0x4000, 0x4100), (s.BX, s.DX));            // what the callee saw
        Assert.Equal((0x2000, 0x2100), (s.DS, s.ES));            // what the caller gets back
        Assert.Equal((0x32, 0x31), (s.AX >> 8, s.AX & 0xFF));    // the caller's bytes, at the hole
        Assert.Equal(((byte)'D', (byte)'E'), (guest[0x20010], guest[0x21010]));
        Assert.Null(parent.Memory.GetPage(0x40).Block);
    }

    [Fact]
    public void A_segment_outside_the_window_reaches_the_window_in_the_callee_and_comes_back_as_the_callers_own()
    {
        var (rig, guest, _) = Setup(a =>
        {
            a.mov(ax, 0x2000);
            a.mov(ds, ax);
            a.mov(ax, 0x0100);
            a.mov(es, ax);
            a.@int(0x60);
            GateRig.Done(a);
        });
        using var _ = rig;

        rig.Run();

        // ES = 0100h lies outside the window: the callee sees the window's start (4000h, where it is
        // relocated), never its own 0100h; the caller's ES is its own again after the call.
        Assert.Equal((0x4000, 0x4000, 0x0100), (guest.State.BX, guest.State.DX, guest.State.ES));
    }

    [Fact]
    public void An_explicit_hole_places_the_window_there()
    {
        var (rig, guest, _) = Setup(CallWithDsEsInWindow, hole: 0x80000);
        using var _ = rig;

        rig.Run();

        Assert.Equal(0x80000, rig.Gates.Gates[0].Target);
        Assert.Equal((0x8000, 0x8100), (guest.State.BX, guest.State.DX));
        Assert.Equal((0x2000, 0x2100), (guest.State.DS, guest.State.ES));
    }

    [Fact]
    public void A_hole_that_the_callee_has_mapped_since_fails_with_the_collision_code()
    {
        var (rig, guest, parent) = Setup(CallWithDsEsInWindow);
        using var _ = rig;
        using var late = new Core.Memory.MemoryBlock(0x1000);
        parent.Memory.MapRam(0x41000, late, 0, 0x1000);   // after the gate chose 40000h

        rig.Run();

        Assert.Equal((ushort)Monitor.Gates.GateError.WindowCollision, guest.State.AX);
    }
}
