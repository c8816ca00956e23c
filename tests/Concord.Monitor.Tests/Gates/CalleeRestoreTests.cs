using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>After a call the callee is exactly as it was: registers, memory outside the window, its map.</summary>
public sealed class CalleeRestoreTests
{
    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    [InlineData(CpuModel.I80386)]
    public void The_callees_registers_memory_outside_the_window_and_map_are_exactly_restored_after_a_call(CpuModel model)
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest", model: model);
        var parent = rig.AddVm("parent", ramKib: 256, model: model);
        rig.Gate(guest, 0x60, parent, 0x21, 0x40000, 0x1000);
        guest.Load(0, a =>
        {
            GateRig.Delay(a, 1000);       // the parent idles by then
            a.mov(ax, 0x4000);
            a.mov(ds, ax);
            a.mov(es, ax);
            a.mov(ax, 0x1111); a.mov(bx, 0x2222); a.mov(cx, 0x3333); a.mov(dx, 0x4444);
            a.mov(si, 0x5555); a.mov(di, 0x6666); a.mov(bp, 0x7777);
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, a =>
        {
            a.mov(ax, 0xA1A1); a.mov(bx, 0xB1B1); a.mov(cx, 0xC1C1); a.mov(dx, 0xD1D1);
            a.mov(si, 0x5151); a.mov(di, 0xD1D0); a.mov(bp, 0xB0B0);
            a.mov(sp, 0x8000);
            a.push(ax);
            a.mov(ax, 0x1234); a.mov(ds, ax);
            a.mov(ax, 0x2345); a.mov(es, ax);
            a.mov(ax, 0xA1A1);
            a.std();
            GateRig.Idle(a);
        });
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(__word_ptr[0x20], 0xFEED);  // into the window (DS = the caller's 4000h)
            a.mov(ax, 0); a.mov(bx, 0); a.mov(cx, 0); a.mov(dx, 0);
            a.mov(si, 0); a.mov(di, 0); a.mov(bp, 0);
            a.iret();
        });
        guest.Start();
        parent.Start();
        parent[0x2000 * 16 + 0x7FFA] = 0x5A; // below the parent's SP (7FFEh): where the return frame goes
        Assert.Equal(RunnerOutcome.LimitReached, rig.Runner.Run(1000));
        Assert.True(rig.Runner.IsIdle(parent.Id));
        CpuState before = parent.State;
        byte[] memoryBefore = parent.Ram.Span.ToArray();
        var pagesBefore = Enumerable.Range(0, 256).Select(parent.Memory.GetPage).ToArray();

        rig.Run();

        Assert.Equal(0xFEED, guest.Word(0x40020));
        Assert.Single(rig.Trace.Events, e => e.Kind == GateEventKind.Return);
        Assert.Equal(before, parent.State);
        Assert.Equal(memoryBefore, parent.Ram.Span.ToArray());
        Assert.Equal(pagesBefore, Enumerable.Range(0, 256).Select(parent.Memory.GetPage).ToArray());
        Assert.True(before.Halted);
        Assert.Equal((ushort)0x8000 - 2, before.SP);
    }

    [Fact]
    public void The_callers_stack_segment_and_pointer_are_untouched_by_a_call()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256, endVector: 0xEE);
        rig.Gate(guest, 0x60, parent, 0x21);
        guest.Load(0, a => { a.mov(sp, 0x1234); a.push(ax); a.@int(0x60); GateRig.Done(a); });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a => { a.mov(sp, 0x10); a.mov(bp, 0x99); a.@int(0xEE); });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(((ushort)0x1232, (ushort)0x2000), (guest.State.SP, guest.State.SS));
    }
}
