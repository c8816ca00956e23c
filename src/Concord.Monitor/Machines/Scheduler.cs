using Concord.Core.Cpu;
using Concord.Monitor.Clocks;

namespace Concord.Monitor.Machines;

/// <summary>
/// Which VM runs next, and for how long. One host thread runs the VMs in slices. With the virtual
/// clock each VM has its own clock (its instructions × ns per instruction + the time it skipped
/// while halted or waiting); the VM whose clock is furthest behind runs next (ties: machine-file
/// order), up to the first of: its own next device event, the shared controller's next event, and
/// the next VM's time plus <see cref="MachineOptions.MaxSkewNs"/>. Shared devices see a
/// <see cref="SharedTimeline"/> that never goes back. A VM halted with IF=1 costs nothing: its
/// clock jumps to its next event (or to the time a shared device interrupted it). A VM owed timer
/// ticks runs short slices, one tick each. With the realtime clock the next ready VM runs a fixed
/// slice. Everything depends on instruction counts only, so the same inputs give the same run.
/// </summary>
internal sealed class Scheduler(Machine machine, MachineOptions options)
{
    /// <summary>Realtime clock: instructions per slice between looks at the host clock.</summary>
    public const long RealtimeSliceInstructions = 20_000;

    /// <summary>A VM owed timer ticks runs slices of at most this long, each giving it one more.</summary>
    public const long OwedTickSpacingNs = 2_000;

    private int _roundRobin;

    /// <summary>The VM whose vCPU is running now (inside port callbacks), or null between slices.</summary>
    public MachineVm? Running { get; private set; }

    /// <summary>The VM whose own devices are being advanced now, or null.</summary>
    public MachineVm? Advancing { get; private set; }

    /// <summary>Advances each VM's own devices at its own time (and feeds it host keys), then the shared controller at the shared time.</summary>
    public void AdvanceDevices()
    {
        foreach (MachineVm v in machine.Vms)
        {
            if (v.State == VmRunState.PoweredOff) continue;
            Advancing = v;
            v.Hardware.AdvanceOwnDevices(v.NowNs);
            v.Hardware.DrainHostInput();
            Advancing = null;
        }
        long sharedNow = machine.SharedClock.NowNs;
        if (machine.Fdc.NextEventNs <= sharedNow) machine.Fdc.Advance(sharedNow);
    }

    /// <summary>What the scheduler chose: a VM and when it is ready, and when the next one would be.</summary>
    public readonly record struct Choice(MachineVm? Vm, long ReadyAtNs, long SecondAtNs);

    /// <summary>The VM furthest behind (virtual) or the next ready one (realtime); null when none can run.</summary>
    public Choice Pick()
    {
        IReadOnlyList<MachineVm> vms = machine.Vms;
        MachineVm? pick = null;
        long pickAt = long.MaxValue, secondAt = long.MaxValue;
        for (int k = 0; k < vms.Count; k++)
        {
            MachineVm v = vms[(k + _roundRobin) % vms.Count];
            long at = ReadyAt(v);
            if (at < pickAt)
            {
                secondAt = pickAt;
                pickAt = at;
                pick = v;
            }
            else if (at < secondAt) secondAt = at;
        }
        return new Choice(pick, pickAt, secondAt);
    }

    /// <summary>Realtime clock: runs the chosen VM for a fixed slice; the next pick starts after it (round robin).</summary>
    public RunResult RunRealtime(MachineVm pick)
    {
        _roundRobin = (machine.IndexOf(pick) + 1) % machine.Vms.Count;
        pick.Hardware.Halted = false;
        return RunSlice(pick, RealtimeSliceInstructions, long.MaxValue);
    }

    /// <summary>
    /// Virtual clock: brings the chosen VM's clock to when it is ready (a halted VM jumps to its next
    /// event, or to when something outside woke it) and runs it up to its next event; null when it
    /// only caught up (its device raises the interrupt on the next round).
    /// </summary>
    public RunResult? RunVirtual(Choice choice, long sharedNext)
    {
        MachineVm pick = choice.Vm!;
        if (choice.ReadyAtNs > pick.NowNs) pick.Clock.SkipTo(choice.ReadyAtNs);
        pick.WakeAtNs = 0;
        if (pick.Hardware.Halted)
        {
            if (!pick.Hardware.Pic.Intr) return null;
            pick.Hardware.Halted = false;
        }

        long now = pick.NowNs;
        long endAt = Math.Min(OwnNextEventNs(pick), sharedNext);
        if (choice.SecondAtNs != long.MaxValue) endAt = Math.Min(endAt, choice.SecondAtNs + options.MaxSkewNs);
        if (pick.Hardware.TakingOwedTicks) endAt = Math.Min(endAt, now + OwedTickSpacingNs);
        long ns = machine.NsPerInstruction;
        long budget = endAt == long.MaxValue ? options.MaxSliceInstructions
            : Math.Clamp((endAt - now + ns - 1) / ns, 1, options.MaxSliceInstructions);
        return RunSlice(pick, budget, endAt);
    }

    private RunResult RunSlice(MachineVm v, long budget, long endAt)
    {
        v.Hardware.CpuPorts.SliceEndNs = endAt;
        Running = v;
        if (machine.Timeline is { } timeline) timeline.Running = v.Clock;
        RunResult result;
        try
        {
            result = v.Cpu.Run(budget);
        }
        finally
        {
            _ = machine.SharedClock.NowNs; // the shared time keeps the furthest point the VM reached
            if (machine.Timeline is { } t) t.Running = null;
            Running = null;
            v.Hardware.CpuPorts.SliceEndNs = long.MaxValue;
        }
        v.Slices++;
        v.Hardware.FlushConsole();
        return result;
    }

    /// <summary>When the VM can next do something (virtual: in its own time; realtime: now or its next event); <see cref="long.MaxValue"/> for never.</summary>
    private static long ReadyAt(MachineVm v)
    {
        if (v.State != VmRunState.Running || v.GateSuspended) return long.MaxValue;
        long now = v.NowNs;
        if (v.Hardware.Halted)
        {
            if (v.Hardware.Pic.Intr || v.Hardware.HasHostInput || v.Hardware.CanTakeOwedTick) return Math.Max(now, v.WakeAtNs);
            if (!v.Cpu.GetState().Halted)
            {
                v.Hardware.Halted = false; // someone (a gate, a reset) moved it on
                return Math.Max(now, v.WakeAtNs);
            }
            long own = OwnNextEventNs(v);
            return own == long.MaxValue ? long.MaxValue : Math.Max(now, own);
        }
        return Math.Max(now, v.WakeAtNs);
    }

    private static long OwnNextEventNs(MachineVm v) => Math.Min(v.Hardware.Pit.NextEventNs, v.Hardware.Rtc?.NextEventNs ?? long.MaxValue);
}
