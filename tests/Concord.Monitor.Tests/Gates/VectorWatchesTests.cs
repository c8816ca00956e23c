using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A VM's one owner of watched vectors: two parts wanting the same INT on one real vCPU (the
/// interpreter running INT 60h four times; the VM's handler counts at 0600h): the vCPU watches it
/// while either wants it, each exit goes once to the parts in their order, the first to take the
/// moment owns it, an untaken INT is delivered once.
/// </summary>
public sealed class VectorWatchesTests
{
    private const byte Vector = 0x60;
    private const int Count = 0x600;

    [Fact]
    public void Parts_share_a_vector_one_unwatching_leaves_the_others_watch_and_each_int_is_delivered_at_most_once()
    {
        using var rig = new GateRig();
        using var vm = new BareVm(rig, "solo", 640, CpuModel.I8086);
        GateRig.Handler(vm, Vector, 0x100, a => { a.inc(__byte_ptr[Count]); a.iret(); });
        vm.Load(0, a =>
        {
            for (int i = 0; i < 4; i++) a.@int(Vector);
            GateRig.Done(a);
        });
        vm.Start();

        var watches = new VectorWatches(vm.Cpu);
        var seen = new List<string>();
        bool takeNext = true;
        int first = watches.Register(v => { seen.Add($"first {v:X2}"); return false; });           // looks, lets it go on
        int second = watches.Register(v => { seen.Add($"second {v:X2}"); bool take = takeNext; takeNext = false; return take; });
        watches.Want(first, Vector, true);
        watches.Want(second, Vector, true);

        // INT 1: both see it in order; the second takes the moment (the VM's handler does not run).
        Assert.Equal(ExitReason.WatchedInterrupt, vm.Cpu.Run(1000).Reason);
        Assert.True(watches.Dispatch(vm.Cpu.LastExit.Vector));
        Assert.Equal(["first 60", "second 60"], seen);
        // INT 2: nobody takes it: delivered once, the handler runs once.
        Assert.Equal(ExitReason.WatchedInterrupt, vm.Cpu.Run(1000).Reason);
        Assert.True(watches.Dispatch(Vector));
        Assert.Equal(0, vm[Count]); // not yet run: delivered means entered at the next instruction
        seen.Clear();

        // The first part stops wanting it: still watched for the second.
        watches.Want(first, Vector, false);
        Assert.True(watches.Watched(Vector));
        Assert.Equal(ExitReason.WatchedInterrupt, vm.Cpu.Run(1000).Reason);
        Assert.Equal(1, vm[Count]);
        Assert.True(watches.Dispatch(Vector));
        Assert.Equal(["second 60"], seen);

        // The last part stops wanting it: INT 4 runs through the table without an exit.
        watches.Want(second, Vector, false);
        Assert.False(watches.Watched(Vector));
        Assert.False(watches.Dispatch(Vector)); // not a watch of anyone's
        Assert.Equal(ExitReason.Halted, vm.Cpu.Run(1000).Reason);
        Assert.Equal(3, vm[Count]);
        Assert.Equal(["second 60"], seen);
    }
}
