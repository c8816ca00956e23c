using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A callee whose handler never returns (hung, or hostile) cannot hold its caller: after
/// <see cref="GateMonitor.CallLimitNs"/> the call ends with C008h, the callee gets back its own
/// context and pages, and both run on.
/// </summary>
public sealed class GateCallLimitTests
{
    [Fact]
    public void A_handler_that_never_returns_is_ended_at_the_limit_and_both_vms_run_on()
    {
        using var rig = new GateRig();
        var parent = rig.AddVm("parent");
        var guest = rig.AddVm("guest", ramKib: 256);
        rig.Gates.CallLimitNs = 20_000; // instructions, at the runner's 1 ns each
        rig.Gate(parent, 0x60, guest, 0x21);
        parent.Load(0, a =>
        {
            a.mov(bx, 0x7777);
            a.mov(ah, 0x3D);
            a.@int(0x60);
            a.mov(__byte_ptr[0x600], 0x42);  // the caller goes on after the call
            GateRig.Done(a);
        });
        guest.Load(0, a =>
        {
            var top = a.CreateLabel();
            a.Label(ref top);
            a.inc(__word_ptr[0x500]);        // its own work, counted
            a.jmp(top);
        });
        GateRig.Handler(guest, 0x21, 0x400, a =>
        {
            var spin = a.CreateLabel();
            a.Label(ref spin);
            a.jmp(spin);                     // never returns
        });
        parent.Start();
        guest.Start();

        rig.Runner.Run(200_000);

        Assert.Equal((ushort)GateError.CalleeTimeout, parent.State.AX);
        Assert.True((parent.State.Flags & (ushort)CpuFlags.CF) != 0, "CF=1");
        Assert.Equal(0x7777, parent.State.BX);
        Assert.Equal(0x42, parent[0x600]);
        Assert.Equal(GateVmStatus.Runnable, rig.Gates.Status(guest.Id));
        int before = guest[0x500] | guest[0x501] << 8;
        rig.Runner.Run(10_000);
        Assert.NotEqual(before, guest[0x500] | guest[0x501] << 8); // the guest is back in its own loop
        Assert.Equal(["call parent>guest", "enter parent>guest", "fail parent>guest callee-timeout"], rig.Trace.Steps());
    }
}
