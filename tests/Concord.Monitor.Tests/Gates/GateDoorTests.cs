using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// A gate is a door into another OS: it passes only the services its <c>allow</c> list names (a call
/// for any other fails with C007h before the callee sees it, counted and traced), and a window lent
/// read-only cannot be written by the callee.
/// </summary>
public sealed class GateDoorTests
{
    private static readonly GateServices ReadOnlyFileCalls = new([(0x3D, 0x3D), (0x3E, 0x3F), (0x42, 0x42)]);

    /// <summary>The handler counts the calls it serves in its own memory at 0:0500 and answers AX = 1234h.</summary>
    private static void CountingHandler(BareVm parent) =>
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.inc(__word_ptr[0x500]);
            a.mov(ax, 0x1234);
            a.iret();
        });

    private static (GateRig Rig, BareVm Guest, BareVm Parent) TwoVms(byte ah, GateServices? allow)
    {
        var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gates.AddGate(guest.Id, 0x60, parent.Id, 0x21, allow: allow);
        guest.Load(0, a =>
        {
            GateRig.Delay(a, 10);
            a.mov(bx, 0x7777);
            a.mov(ax, (ushort)(ah << 8));
            a.clc();
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, GateRig.Idle);
        CountingHandler(parent);
        guest.Start();
        parent.Start();
        return (rig, guest, parent);
    }

    [Theory]
    [InlineData(0x41)] // delete a file
    [InlineData(0x3C)] // create (truncate) a file
    [InlineData(0x40)] // write
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void A_service_outside_the_allow_list_fails_with_C007_and_never_reaches_the_callee(byte ah)
    {
        var (rig, guest, parent) = TwoVms(ah, ReadOnlyFileCalls);
        using (rig)
        {
            rig.Run();

            Assert.Equal((ushort)GateError.ServiceNotAllowed, guest.State.AX);
            Assert.Equal(0xC007, guest.State.AX);
            Assert.True((guest.State.Flags & (ushort)CpuFlags.CF) != 0, "CF=1");
            Assert.Equal(0x7777, guest.State.BX);
            Assert.Equal(0, parent[0x500] | parent[0x501]);   // the handler never ran
            Gate gate = Assert.Single(rig.Gates.Gates);
            Assert.Equal((1L, 1L, 1L, 0L), (gate.Calls, gate.Refusals, gate.Failures, gate.Returns));
            Assert.Equal(["call guest>parent", $"fail guest>parent service-not-allowed:{ah:X2}h"], rig.Trace.Steps());
            Assert.Contains("\"detail\":\"service-not-allowed:", rig.Json);
        }
    }

    [Theory]
    [InlineData(0x3D)]
    [InlineData(0x3E)]
    [InlineData(0x3F)]
    [InlineData(0x42)]
    public void A_service_in_the_allow_list_is_served(byte ah)
    {
        var (rig, guest, parent) = TwoVms(ah, ReadOnlyFileCalls);
        using (rig)
        {
            rig.Run();

            Assert.Equal(0x1234, guest.State.AX);
            Assert.Equal(1, parent[0x500]);
            Assert.Equal(0L, rig.Gates.Gates[0].Refusals);
        }
    }

    [Fact]
    public void A_gate_without_an_allow_list_passes_every_service()
    {
        var (rig, guest, parent) = TwoVms(0x41, allow: null);
        using (rig)
        {
            rig.Run();

            Assert.Equal(0x1234, guest.State.AX);
            Assert.Equal(1, parent[0x500]);
        }
    }

    [Fact]
    public void A_window_lent_read_only_is_read_by_the_callee_but_its_writes_are_dropped()
    {
        using var rig = new GateRig();
        var guest = rig.AddVm("guest");
        var parent = rig.AddVm("parent", ramKib: 256);
        rig.Gates.AddGate(guest.Id, 0x60, parent.Id, 0x21, new GateWindow(0x50000, 0x1000), windowReadOnly: true);
        guest.Load(0, a =>
        {
            a.mov(ax, 0x5000);
            a.mov(ds, ax);
            a.mov(ah, 0x3F);
            a.@int(0x60);
            GateRig.Done(a);
        });
        parent.Load(0, GateRig.Idle);
        GateRig.Handler(parent, 0x21, 0x400, a =>
        {
            a.mov(al, __byte_ptr[0]);          // DS = the caller's 5000h: the window
            a.mov(__byte_ptr[1], 0x66);        // dropped: the window is read-only
            a.mov(__word_ptr[2], 0x7766);
            a.iret();
        });
        guest[0x50000] = 0x55;
        guest[0x50001] = 0x11;
        guest.Start();
        parent.Start();

        rig.Run();

        Assert.Equal(0x55, guest.State.AX & 0xFF);              // read through the window
        Assert.Equal((0x11, 0, 0), (guest[0x50001], guest[0x50002], guest[0x50003])); // nothing written
        Assert.True(guest.Memory.GetPage(0x50).Writable);         // the caller's own page is still writable
    }
}
