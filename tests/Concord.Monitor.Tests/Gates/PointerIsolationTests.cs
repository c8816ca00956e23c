using Concord.Monitor.MachineFiles;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A gate lends the caller's window and nothing else: a hostile caller that passes DS or ES
/// outside its window (pointing at the callee's own data) must not make the callee's service read
/// or write the callee's memory there; the pointer reaches the lent window instead.
/// </summary>
public sealed class PointerIsolationTests
{
    [Theory]
    [InlineData(WindowMapping.Identity)]
    [InlineData(WindowMapping.Relocate)]
    public void Segments_outside_the_window_reach_only_the_window_never_the_callees_memory(WindowMapping mapping)
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256); // the window pages are free in it
        rig.Gate(guest, 0x60, parent, 0x21, 0x40000, 0x1000, mapping, hole: mapping == WindowMapping.Relocate ? 0x70000 : null);
        parent.PokeWord(0x20000, 0x5EC2);       // the callee's own data at 2000:0000
        parent.PokeWord(0x30000, 0x5EC3);       // and at 3000:0000
        guest.Load(0, a =>
        {
            a.mov(ax, 0x2000);                  // DS and ES aim at the callee's data, outside the window
            a.mov(ds, ax);
            a.mov(ax, 0x3000);
            a.mov(es, ax);
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(ax, __word_ptr[0]);           // what a service would read through DS:0 ...
            a.mov(__word_ptr[0], 0xBAD1);       // ... and write there
            a.xor(di, di);
            a.push(ax);
            a.mov(ax, 0xBAD2);
            a.stosw();                          // and through ES:0
            a.pop(ax);
            a.iret();
        });
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(0x5EC2, parent.Word(0x20000)); // the callee's memory is untouched
        Assert.Equal(0x5EC3, parent.Word(0x30000));
        Assert.NotEqual(0x5EC2, guest.State.AX);    // and was not read back to the caller
        Assert.Equal(0xBAD2, guest.Word(0x40000));  // the writes went into the caller's own window (ES last)
    }
}
