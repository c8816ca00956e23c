using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Devices.Bus;
using Concord.Monitor.Clocks;

namespace Concord.Monitor.Vm;

/// <summary>
/// The CPU's view of the machine's <see cref="PortBus"/>: passes every access on, traces OUTs when
/// asked, and ends the vCPU's slice early when an OUT moved a device's next event before the end
/// of the slice (e.g. the guest programmed the PIT for a shorter period), so that event is not late.
/// </summary>
internal sealed class VcpuPortBus(PortBus inner, MachineClock clock, ITimedDevice[] timed, PortWriteTracer? trace) : IPortBus
{
    public IVcpu? Cpu { get; set; }

    /// <summary>The machine time the current slice was sized to end at; <see cref="long.MaxValue"/> when no slice is sized by time.</summary>
    public long SliceEndNs { get; set; } = long.MaxValue;

    public byte In8(ushort port) => inner.In8(port);

    public ushort In16(ushort port) => inner.In16(port);

    public void Out8(ushort port, byte value)
    {
        trace?.Write(clock.NowNs, port, value);
        inner.Out8(port, value);
        CheckSliceEnd();
    }

    public void Out16(ushort port, ushort value)
    {
        if (trace is not null)
        {
            long now = clock.NowNs;
            trace.Write(now, port, (byte)value);
            trace.Write(now, (ushort)(port + 1), (byte)(value >> 8));
        }
        inner.Out16(port, value);
        CheckSliceEnd();
    }

    private void CheckSliceEnd()
    {
        long end = SliceEndNs;
        if (end == long.MaxValue) return;
        foreach (ITimedDevice d in timed)
        {
            if (d.NextEventNs < end)
            {
                SliceEndNs = long.MaxValue;
                Cpu?.RequestStop();
                return;
            }
        }
    }
}
