using Concord.Devices.Floppy;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;

namespace Concord.Monitor.Tests.Table;

/// <summary>
/// A machine without CPUs: a clock, the management table with a trace recorder, one real floppy
/// controller shared by fake VMs, two 1.44M drives with pattern diskettes (drive 1's bytes differ
/// from drive 0's). The monitor's part is played by the handlers of WaitRequested/LeaseGranted.
/// </summary>
public sealed class SharingRig
{
    public SharingRig(SharedFdcOptions? options = null, int vms = 2, ITraceSink<TableEvent>? sink = null)
    {
        Table = new ManagementTable(Clock, sink ?? Trace);
        for (int i = 0; i < vms; i++) Vms.Add(new FakeVm(Table, ((char)('A' + i)).ToString()));
        Fdc = new SharedFdc(Clock, Table, options);
        Drive0 = new FloppyDrive(Clock);
        Drive1 = new FloppyDrive(Clock);
        Fdc.Controller.Attach(0, Drive0);
        Fdc.Controller.Attach(1, Drive1);
        Drive0.Insert(PatternImage(0));
        Drive1.Insert(PatternImage(1));
        foreach (var vm in Vms) vm.ConnectTo(Fdc);
        Fdc.WaitRequested += id => { Vms[id.Value].Stopped = true; Vms[id.Value].WaitRequests++; };
        Fdc.LeaseGranted += id => { Vms[id.Value].Stopped = false; Vms[id.Value].Grants++; };
    }

    public TestClock Clock { get; } = new();
    public TraceRecorder Trace { get; } = new();
    public ManagementTable Table { get; }
    public SharedFdc Fdc { get; }
    public FloppyDrive Drive0 { get; }
    public FloppyDrive Drive1 { get; }
    public List<FakeVm> Vms { get; } = [];
    public FakeVm A => Vms[0];
    public FakeVm B => Vms[1];
    public FakeVm C => Vms[2];

    /// <summary>Moves time on, advancing the shared controller at each of its events on the way (as the monitor's run loop does).</summary>
    public void Run(double ms)
    {
        long end = Clock.NowNs + (long)(ms * 1_000_000);
        while (true)
        {
            long next = Fdc.NextEventNs;
            if (next > end) break;
            Clock.NowNs = Math.Max(Clock.NowNs, next);
            Fdc.Advance(Clock.NowNs);
        }
        Clock.NowNs = end;
        Fdc.Advance(end);
    }

    public static byte SectorByte(int drive, int c, int h, int s, int i) => (byte)(drive * 50 + c * 3 + h * 101 + s * 7 + i);

    private static FloppyImage PatternImage(int drive)
    {
        var g = FloppyGeometry.Floppy1440K;
        var bytes = new byte[g.TotalBytes];
        for (int c = 0; c < g.Cylinders; c++)
            for (int h = 0; h < g.Heads; h++)
                for (int s = 1; s <= g.SectorsPerTrack; s++)
                {
                    int offset = g.SectorIndex(c, h, s) * g.SectorSize;
                    for (int i = 0; i < g.SectorSize; i++) bytes[offset + i] = SectorByte(drive, c, h, s, i);
                }
        return FloppyImage.FromBytes(bytes, g);
    }

    /// <summary>Whether <paramref name="vm"/>'s memory at <paramref name="address"/> holds the sector.</summary>
    public static bool HasSector(FakeVm vm, uint address, int drive, int c, int h, int s)
    {
        for (int i = 0; i < 512; i++)
            if (vm.Memory.Bytes[address + i] != SectorByte(drive, c, h, s, i)) return false;
        return true;
    }
}
