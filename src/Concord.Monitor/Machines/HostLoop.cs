using System.Diagnostics;
using Concord.Core.Cpu;
using Concord.Monitor.Automation;

namespace Concord.Monitor.Machines;

/// <summary>
/// One <see cref="Machine.Run"/>: between slices it looks at the host (cancellation, quit, the time
/// limit, the observer that draws the terminal UI), advances the devices, walks the automation
/// steps, and lets the <see cref="Scheduler"/> run the next slice; with nothing to run it skips
/// virtual time to the next event or sleeps until the host has something. Cancellation first asks
/// every VM to power off and gives them <see cref="MachineRunOptions.CancelGrace"/> to do it.
/// </summary>
internal sealed class HostLoop
{
    private readonly Machine _machine;
    private readonly MachineRunOptions _run;
    private readonly MachineVm[] _targets;
    private readonly StepRunner _steps;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly long _startInstructions;

    public HostLoop(Machine machine, MachineRunOptions run)
    {
        _machine = machine;
        _run = run;
        _targets = run.Steps.Select(s => machine.Vm(s.Vm)).ToArray();
        _steps = new StepRunner(run.Steps.Select(s => s.Step).ToArray());
        _startInstructions = machine.TotalInstructions();
    }

    public MachineOutcome Run(CancellationToken cancel)
    {
        Machine m = _machine;
        Scheduler scheduler = m.Scheduler;
        VmLifecycle life = m.Lifecycle;
        TimeSpan? lastObserved = null;
        long lastExpectCheck = long.MinValue;
        TimeSpan? cancelDeadline = null;

        while (true)
        {
            if (cancel.IsCancellationRequested && cancelDeadline is null)
            {
                cancelDeadline = _wall.Elapsed + _run.CancelGrace;
                foreach (MachineVm v in m.Vms)
                    if (v.State != VmRunState.PoweredOff && !life.PowerCut) m.Power.RequestOff(v.Id);
            }
            if (cancelDeadline is { } deadline && (life.PowerCut || _wall.Elapsed >= deadline))
                return Outcome(new(StopReason.Cancelled, ExitStatuses.Cancelled, null));
            if (life.PowerCut) return Outcome(new(StopReason.PowerOff, ExitStatuses.Success, life.LastPoweredOff));
            if (m.QuitRequested) return Outcome(new(StopReason.Quit, ExitStatuses.Success, null));
            if (_run.Timeout is { } limit && _wall.Elapsed >= limit)
                return Outcome(new(StopReason.Timeout, ExitStatuses.Timeout, null));
            if (_run.Observer is { } observer && (lastObserved is not { } seen || _wall.Elapsed - seen >= _run.ObserverInterval))
            {
                lastObserved = _wall.Elapsed;
                observer(m);
            }

            scheduler.AdvanceDevices();

            // Automation steps, on the VM each names.
            if (_steps.Current is not null)
            {
                MachineVm target = _targets[_steps.Completed];
                if (target.State == VmRunState.Stopped) // nothing it will show or take any more
                    return Outcome(target.Fault is { } fault
                        ? new(fault, ExitStatuses.GuestFault, target, target.FaultAt)
                        : new(StopReason.Halted, ExitStatuses.Success, target));
                if (_steps.Current is AutomationStep.Expect && (target.NowNs - lastExpectCheck >= Machine.ExpectCheckIntervalNs || _steps.JustStarted))
                {
                    lastExpectCheck = target.NowNs;
                    _steps.CheckExpect(target.Hardware.Screen);
                }
                else if (_steps.Current is AutomationStep.Send) _steps.Type(target.Hardware.Keyboard, target.Hardware.KeyboardIdle());
                if (_steps.JustStarted) continue; // the next step looks at once
            }
            if (_steps.AllDone && _run.EndWhenStepsComplete && _run.Steps.Count > 0)
                return Outcome(new(StopReason.StepsCompleted, ExitStatuses.Success, null));
            if (_run.EndWhen is { } endWhen && endWhen())
                return Outcome(new(StopReason.Finished, ExitStatuses.Success, null));

            long sharedNext = m.Fdc.NextEventNs;
            Scheduler.Choice choice = scheduler.Pick();

            if (!m.IsVirtual)
            {
                long now = m.SharedClock.NowNs;
                if (choice.Vm is null || choice.ReadyAtNs > now)
                {
                    long next = Math.Min(choice.ReadyAtNs, sharedNext);
                    if (choice.Vm is null && sharedNext == long.MaxValue && !m.AnyAlive()) return Outcome(life.NoneAlive());
                    long waitNs = next == long.MaxValue ? 20_000_000 : Math.Clamp(next - now, 0, 20_000_000);
                    if (waitNs > 0) WaitForHost(TimeSpan.FromTicks(waitNs / 100));
                    continue;
                }
                if (AfterSlice(choice.Vm, scheduler.RunRealtime(choice.Vm)) is { } end) return Outcome(end);
                continue;
            }

            if (sharedNext != long.MaxValue && sharedNext <= choice.ReadyAtNs)
            {
                m.Timeline!.SkipTo(sharedNext);
                m.Fdc.Advance(m.SharedClock.NowNs);
                continue;
            }
            if (choice.Vm is null)
            {
                if (!m.AnyAlive()) return Outcome(life.NoneAlive());
                bool inputPossible = _steps.MayType || _run.Observer is not null || m.Vms.Any(v => v.Hardware.HasHostInput);
                if (!inputPossible)
                    return Outcome(new(StopReason.HaltedForever, ExitStatuses.Success, m.Vms.Count == 1 ? m.Vms[0] : null));
                WaitForHost(TimeSpan.FromMilliseconds(20));
                continue;
            }
            if (scheduler.RunVirtual(choice, sharedNext) is { } result && AfterSlice(choice.Vm, result) is { } ended)
                return Outcome(ended);
        }
    }

    private VmLifecycle.End? AfterSlice(MachineVm v, RunResult result)
    {
        // A halt is judged as the vCPU stopped, before the gates may have entered a call into the halted VM.
        bool haltedWithInterruptsOff = result.Reason == ExitReason.Halted && (v.Cpu.GetState().Flags & (ushort)CpuFlags.IF) == 0;
        // A watched INT goes once to the parts that want it (the gates, a mounted drive's INT 2Fh, a
        // host command's output); stub hits and the rest to the gates (AfterSlice).
        bool served = result.Reason == ExitReason.WatchedInterrupt && v.Watches.Dispatch(v.Cpu.LastExit.Vector);
        _machine.AfterSlice?.Invoke(v, result);
        return _machine.Lifecycle.Judge(v, result, haltedWithInterruptsOff, served);
    }

    private void WaitForHost(TimeSpan wait)
    {
        if (_run.Observer is not null && wait > _run.ObserverInterval) wait = _run.ObserverInterval;
        if (wait > TimeSpan.FromMilliseconds(20)) wait = TimeSpan.FromMilliseconds(20);
        _machine.WaitForHost(wait);
    }

    private MachineOutcome Outcome(VmLifecycle.End end)
    {
        // A run that ends well with a step still waiting (the guest halted for good, the machine
        // powered off) did not do what the steps asked: that is a failure of its own.
        bool unmet = _steps.Current is not null && end.ExitStatus == ExitStatuses.Success &&
                     end.Stop is StopReason.PowerOff or StopReason.Halted or StopReason.HaltedForever;
        if (unmet) end = end with { ExitStatus = ExitStatuses.StepUnmet };
        string? pending = _steps.Current is not { } step ? null
            : unmet && _machine.Vms.Count > 1 ? $"{_targets[_steps.Completed].Name}: {step}"
            : end.Stop == StopReason.Timeout || unmet ? step.ToString()
            : null;
        return _machine.Outcome(end, _startInstructions, _wall.Elapsed, pending, _steps.Completed);
    }
}
