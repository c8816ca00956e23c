using System.Collections.Concurrent;
using System.Diagnostics;

namespace Concord.Engines.Translator;

/// <summary>
/// Compiles regions off the vCPU's thread, one at a time, for all the vCPUs of a machine (the engine
/// factory holds one). Work goes to a thread-pool thread only while there is some, so an idle
/// machine holds no thread. Finished regions go back to their vCPU, which installs them between
/// two of its own steps (its code cache is touched by its thread only).
/// </summary>
internal sealed class CompileQueue
{
    private readonly ConcurrentQueue<(Translator Owner, RegionPlan Plan)> _jobs = new();
    private int _draining;

    public void Submit(Translator owner, RegionPlan plan)
    {
        _jobs.Enqueue((owner, plan));
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static q => q.Drain(), this, preferLocal: false);
    }

    private void Drain()
    {
        while (true)
        {
            while (_jobs.TryDequeue(out var job)) job.Owner.Compiled(job.Plan, Compile(job.Plan));
            Volatile.Write(ref _draining, 0);
            // A job queued after the last look but before the flag dropped would wait for the next
            // Submit; look once more.
            if (_jobs.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    /// <summary>
    /// Emits and compiles one region (also used on the vCPU's own thread when compiling is not in the
    /// background). A failure is a bug of the translator, not of the guest: it is returned as the
    /// exception, the region stays interpreted, and the vCPU counts it (tests fail on it).
    /// </summary>
    public static (CompiledRegion? Region, Exception? Error) Compile(RegionPlan plan)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            RegionCode code = RegionCompiler.Compile(plan, out int ilBytes);
            return (new CompiledRegion(plan, code, ilBytes, Stopwatch.GetTimestamp() - start), null);
        }
        catch (Exception e) when (e is InvalidProgramException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return (null, e);
        }
    }
}
