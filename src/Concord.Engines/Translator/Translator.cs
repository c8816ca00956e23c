using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Concord.Engines.Interpreter;

namespace Concord.Engines.Translator;

/// <summary>
/// The translating engine, <c>jit</c>: one vCPU that runs hot guest code as .NET code and everything
/// else in the interpreter it holds, with the same results, counts and exits as the interpreter.
/// Regions of hot code (loops, the code around them) are compiled to IL (<see cref="RegionCompiler"/>)
/// on a background thread and swapped in; the dispatcher here enters them at their entries, and runs
/// the interpreter in between, which stops at every entry of compiled code it reaches.
/// </summary>
/// <remarks>
/// The guest state lives in the interpreter (its register file, IP, FLAGS, events); compiled code
/// keeps it in locals while it runs and writes it back at every exit and port access. Writes to
/// compiled code, and changes of the memory map, drop the regions they touch (<see cref="CodeCache"/>).
/// See docs/translator.md.
/// </remarks>
public sealed unsafe class Translator : IVcpu, IDisposable
{
    public const string EngineName = "jit";

    private const int CsIndex = 9, CxIndex = 1;

    private readonly InterpreterCore _core;
    private readonly IEmbeddedInterpreter _embedded;
    private readonly TranslatorOptions _options;
    private readonly CompileQueue? _queue;
    private readonly CodeCache _cache;
    private readonly RegionPlanner _planner;
    private readonly JitFrame[] _frameStore = GC.AllocateArray<JitFrame>(1, pinned: true);
    private readonly JitFrame* _frame;
    private readonly ushort* _registers;
    private readonly int[] _heat = new int[MemoryMap.PageCount];
    private readonly bool[] _pending = new bool[MemoryMap.PageCount];
    private readonly HashSet<uint> _unplannable = [];
    private readonly HashSet<uint> _volatileBytes = [];
    private readonly int[] _writerPage = new int[1];
    private readonly ConcurrentQueue<(RegionPlan Plan, CompiledRegion? Region, Exception? Error)> _done = new();
    private int _doneCount;

    private CompiledRegion? _running;
    private bool _stale, _inRegion;
    private long _regionStartRemaining, _translatedInstructions, _stamp;
    private long _untilSample;
    private long _regionEntries, _regionsCompiled, _instructionsCompiled, _compileTicks, _ilBytesCompiled, _discarded, _failures;
    private string? _firstFailure;

    /// <summary>Whether the translator compiles code of <paramref name="model"/> (others run on the interpreter).</summary>
    public static bool Translates(CpuModel model) => model is CpuModel.I8086 or CpuModel.I80286;

    public Translator(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts = null,
                      TranslatorOptions? translator = null)
        : this(options, memory, io, interrupts, translator ?? TranslatorOptions.Default, null)
    {
    }

    internal Translator(VcpuOptions options, MemoryMap memory, IPortBus io, IInterruptAcknowledge? interrupts,
                        TranslatorOptions translator, CompileQueue? queue)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(translator);
        if (!Translates(options.Model))
            throw new ArgumentException($"the jit does not translate {options.Model.Name()} code; engine auto runs it on the interpreter", nameof(options));
        Model = options.Model;
        Memory = memory;
        Ports = io;
        AddressMask = Model == CpuModel.I8086 ? 0xFFFFFu : 0xFFFFFFu;
        _options = translator;
        _queue = translator.Background ? queue ?? new CompileQueue() : null;
        _core = Model == CpuModel.I8086
            ? new InterpreterCore<Model8086Embedded>(options, memory, io, interrupts)
            : new InterpreterCore<Model80286Embedded>(options, memory, io, interrupts);
        _embedded = (IEmbeddedInterpreter)_core;
        _registers = _embedded.Registers;
        _cache = new CodeCache(memory, translator.CodeCacheLimitBytes);
        _embedded.EntryBits = _cache.EntryBits;
        _planner = new RegionPlanner(memory, Model == CpuModel.I80286, translator, _volatileBytes);
        // SAFETY: the frame array is pinned and referenced by this object for its whole life.
        _frame = (JitFrame*)Unsafe.AsPointer(ref _frameStore[0]);
        _frame->Registers = _registers;
        _frame->ReadPages = memory.ReadPages;
        _frame->WritePages = memory.WritePages;
        memory.CodeWritten += OnCodeWritten;
        memory.Changed += OnMapChanged;
    }

    public CpuModel Model { get; }

    public string Engine => EngineName;

    public ExitInfo LastExit { get; private set; }

    public long InstructionCount =>
        _core.InstructionCount + _translatedInstructions + (_inRegion ? _regionStartRemaining - _frame->Remaining : 0);

    public (ushort Cs, ushort Ip) CurrentInstruction => _core.CurrentInstruction;

    public bool ExitOnHalt
    {
        get => _core.ExitOnHalt;
        set => _core.ExitOnHalt = value;
    }

    internal MemoryMap Memory { get; }

    internal IPortBus Ports { get; }

    internal uint AddressMask { get; }

    /// <summary>What this vCPU has compiled and run so far.</summary>
    public TranslatorStatistics Statistics => new()
    {
        RegionsCompiled = _regionsCompiled, InstructionsCompiled = _instructionsCompiled,
        CompileTime = TimeSpan.FromSeconds(_compileTicks / (double)System.Diagnostics.Stopwatch.Frequency),
        IlBytesCompiled = _ilBytesCompiled, RegionsCached = _cache.Count, CacheBytes = _cache.Bytes, PeakCacheBytes = _cache.PeakBytes,
        Invalidated = _cache.Invalidated, Evicted = _cache.Evicted, Discarded = _discarded, CompileFailures = _failures,
        FirstFailure = _firstFailure, TranslatedInstructions = _translatedInstructions, InterpretedInstructions = _core.InstructionCount,
        RegionEntries = _regionEntries,
    };

    public RunResult Run(long budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        long remaining = budget;
        ExitReason reason = ExitReason.BudgetSpent;
        while (remaining > 0)
        {
            if (Volatile.Read(ref _doneCount) != 0) InstallCompiled();
            if (_embedded.HasEvents)
            {
                // Interrupts, the trap flag, the shadow, HLT, a stop, a REP instruction to go on with:
                // the interpreter's business (compiled code there may be from bytes the REP wrote since).
                long count = _embedded.IsHalted ? remaining : _embedded.ResumesRep ? Math.Max(1, (int)_registers[CxIndex]) : 1;
                if (!Interpret(Math.Min(count, remaining), ref remaining, ref reason)) break;
                continue;
            }
            ushort cs = _registers[CsIndex], ip = _embedded.Ip;
            uint linear = (((uint)cs << 4) + ip) & AddressMask;
            var (region, entry) = _cache.Find(linear);
            if (region is not null && region.Cs == cs)
            {
                if (entry < 0)
                {
                    // Inside compiled code but not at an entry (after an interrupt or a budget's end): the
                    // interpreter goes on to the next entry it meets.
                    if (!InterpretCold(ref remaining, ref reason)) break;
                    continue;
                }
                int code = Enter(region, entry, ref remaining);
                switch (code & ExitCode.ReasonMask)
                {
                    case ExitCode.Interpret when remaining > 0 && (code & ExitCode.Shadow) == 0:
                        long steps = (code & ExitCode.Repeat) != 0 ? Math.Max(1, (int)_registers[CxIndex]) : 1;
                        if (!Interpret(Math.Min(steps, remaining), ref remaining, ref reason)) goto Done;
                        break;
                    case ExitCode.Budget when remaining > 0:
                        if (!Interpret(remaining, ref remaining, ref reason)) goto Done;
                        break;
                }
                continue;
            }
            if (_options.HotThreshold == 0 || _untilSample <= 0)
            {
                _untilSample = _options.SamplePeriod;
                if (Heat(linear, cs, ip)) continue;
            }
            if (!InterpretCold(ref remaining, ref reason)) break;
        }
    Done:
        LastExit = reason == ExitReason.BudgetSpent
            ? new ExitInfo(reason, _registers[CsIndex], _embedded.Ip, _core.LastExit.Address, _core.LastExit.Vector)
            : _core.LastExit;
        return new RunResult(reason, budget - remaining);
    }

    /// <summary>
    /// Interprets code with no compiled entry here, up to the next sample of where the vCPU is (the interpreter
    /// stops sooner at an entry of compiled code); false when it stopped for a reason of its own.
    /// </summary>
    private bool InterpretCold(ref long remaining, ref ExitReason reason)
    {
        long before = remaining;
        bool more = Interpret(Math.Min(Math.Max(_untilSample, 1), remaining), ref remaining, ref reason);
        _untilSample -= before - remaining;
        return more;
    }

    /// <summary>Runs <paramref name="count"/> instructions on the interpreter; false when it stopped for a reason of its own (then in <paramref name="reason"/>).</summary>
    private bool Interpret(long count, ref long remaining, ref ExitReason reason)
    {
        RunResult r = _core.Run(count);
        remaining -= r.Executed;
        if (r.Reason == ExitReason.BudgetSpent) return true;
        reason = r.Reason;
        return false;
    }

    /// <summary>Runs a region from entry <paramref name="entry"/>; returns its exit code, the state written back to the interpreter.</summary>
    private int Enter(CompiledRegion region, int entry, ref long remaining)
    {
        _frame->Remaining = remaining;
        _frame->Flags = _embedded.Flags;
        _frame->EaBase = _embedded.EaBase;
        _frame->EaOffset = _embedded.EaOffset;
        _running = region;
        _stale = false;
        _regionStartRemaining = remaining;
        _inRegion = true;
        region.LastUsed = ++_stamp;
        _regionEntries++;
        int code = region.Code(this, _frame, entry);
        GC.KeepAlive(region);
        _inRegion = false;
        _running = null;
        long left = _frame->Remaining;
        _translatedInstructions += remaining - left;
        remaining = left;
        _embedded.EaBase = _frame->EaBase;
        _embedded.EaOffset = (ushort)_frame->EaOffset;
        if (code < 0) return ExitCode.Jump; // no such entry: nothing ran
        _embedded.Ip = (ushort)_frame->Ip;
        _embedded.SetFlagsFromTranslated(_frame->Flags);
        if (_frame->InstructionStart >= 0) _embedded.InstructionStart = (ushort)_frame->InstructionStart;
        if ((code & ExitCode.Shadow) != 0) _embedded.HoldInterruptsForOneInstruction();
        return code;
    }

    /// <summary>
    /// Counts a sample of the vCPU in uncompiled code (one every <see cref="TranslatorOptions.SamplePeriod"/> interpreted
    /// instructions, so a page's count follows the time spent in it); when its page is hot, plans a region there and
    /// compiles it. True when a region for this CS was installed here now, so that <see cref="Run"/> finds it.
    /// </summary>
    private bool Heat(uint linear, ushort cs, ushort ip)
    {
        int page = (int)(linear >> MemoryMap.PageShift);
        if (_cache.Churned(page)) return false;
        if (_options.HotThreshold > 0)
        {
            if (_pending[page] || ++_heat[page] < _options.HotThreshold) return false;
            _heat[page] = 0;
        }
        else if (_unplannable.Contains(linear)) return false;
        // Bytes an entry of a region compiled for another segment holds (a DOS may reach the same code as
        // 0070:xxxx and 0000:07xx): a region for this segment could not take the slot, so it stays interpreted.
        if (_cache.Find(linear) is { Region: { } held, Entry: >= 0 } && held.Cs != cs) return Unplannable(linear);
        RegionPlan? plan = _planner.Plan(cs, ip);
        if (plan is null) return Unplannable(linear);
        if (_queue is not null)
        {
            _pending[page] = true;
            _queue.Submit(this, plan);
            return false;
        }
        if (!Accept(plan, CompileQueue.Compile(plan))) return false;
        // Installed, but the slot may have stayed with a region of another segment that covers it; then saying so
        // would send Run back here at once, to compile the same region for ever (each one, never entered, the first
        // to be evicted).
        if (_cache.Find(linear).Region?.Cs == cs) return true;
        return Unplannable(linear);
    }

    /// <summary>Compiling at first sight, remembers that nothing can be compiled for <paramref name="linear"/>; false.</summary>
    private bool Unplannable(uint linear)
    {
        if (_options.HotThreshold == 0) _unplannable.Add(linear);
        return false;
    }

    /// <summary>Called on the compile thread with a finished region.</summary>
    internal void Compiled(RegionPlan plan, (CompiledRegion? Region, Exception? Error) result)
    {
        _done.Enqueue((plan, result.Region, result.Error));
        Interlocked.Increment(ref _doneCount);
    }

    private void InstallCompiled()
    {
        Interlocked.Exchange(ref _doneCount, 0);
        while (_done.TryDequeue(out var done))
        {
            uint seed = ((uint)done.Plan.Cs << 4) + done.Plan.Seed;
            _pending[(int)((seed & AddressMask) >> MemoryMap.PageShift)] = false;
            Accept(done.Plan, (done.Region, done.Error));
        }
    }

    /// <summary>Installs a compiled region if its code is still as it was translated; true when installed.</summary>
    private bool Accept(RegionPlan plan, (CompiledRegion? Region, Exception? Error) result)
    {
        if (result.Region is not { } region)
        {
            _failures++;
            _firstFailure ??= result.Error?.ToString();
            return false;
        }
        _regionsCompiled++;
        _instructionsCompiled += plan.Instructions.Length;
        _compileTicks += region.CompileTicks;
        _ilBytesCompiled += region.IlBytes;
        if (!_cache.StillMatches(plan))
        {
            _discarded++;
            return false;
        }
        region.LastUsed = ++_stamp; // newly installed is recently used: not the first to be evicted before it ran
        _cache.Install(region);
        return true;
    }

    private void OnCodeWritten(uint address)
    {
        // Who wrote: the running region's pages, or the page of the instruction the interpreter runs.
        ReadOnlySpan<int> writer;
        if (_running is { } running) writer = running.LinearPages;
        else
        {
            var (cs, ip) = _core.CurrentInstruction;
            _writerPage[0] = (int)(((((uint)cs << 4) + ip) & AddressMask) >> MemoryMap.PageShift);
            writer = _writerPage;
        }
        if (_cache.CodeWritten(address, _running, writer, out bool nearWriter)) _stale = true;
        // Code that rewrites code next to itself (a patched immediate, a loop that changes its own jump) would be
        // dropped and compiled again over and over: from now on the interpreter runs the instructions over that byte.
        if (nearWriter) _volatileBytes.Add(address & 0xFFFFF);
    }

    private void OnMapChanged(MemoryMapChange change)
    {
        if (_cache.MapChanged(change, _running)) _stale = true;
    }

    // ---- for compiled code (TranslatedCode) ----

    /// <summary>Before a port access from compiled code: the interpreter's state made what it is at this instruction.</summary>
    internal void EnterPortAccess()
    {
        _embedded.Ip = (ushort)_frame->Ip;
        _embedded.SetFlagsFromTranslated(_frame->Flags);
        _embedded.InstructionStart = (ushort)_frame->InstructionStart;
    }

    /// <summary>After a port access: whether the region must leave (an event is pending, or code changed).</summary>
    internal bool LeavePortAccess() => _embedded.HasEvents | TakeStale();

    /// <summary>Whether the running region's code was written or its pages changed since it last asked.</summary>
    internal bool TakeStale()
    {
        bool stale = _stale;
        _stale = false;
        return stale;
    }

    /// <summary>
    /// Lets go of the memory map: drops every region (unmarking the pages they watched) and stops
    /// listening to the map, for a vCPU thrown away while its map lives on (tests make many over one map).
    /// </summary>
    public void Dispose()
    {
        Memory.CodeWritten -= OnCodeWritten;
        Memory.Changed -= OnMapChanged;
        _cache.Clear();
    }

    // ---- the rest of the vCPU is the interpreter's ----

    public RunResult Step()
    {
        long executed = 0;
        RunResult result;
        do
        {
            result = Run(1);
            executed += result.Executed;
        }
        while (_embedded.RepInProgress && result.Reason == ExitReason.BudgetSpent);
        return result with { Executed = executed };
    }

    public CpuState GetState() => _core.GetState();

    public void SetState(in CpuState state) => _core.SetState(state);

    public void SetIntr(bool asserted) => _core.SetIntr(asserted);

    public void RaiseNmi() => _core.RaiseNmi();

    public void InjectInterrupt(byte vector) => _core.InjectInterrupt(vector);

    public void WatchVector(byte vector, bool watched) => _core.WatchVector(vector, watched);

    public void DeliverInterrupt(byte vector) => _core.DeliverInterrupt(vector);

    public void AddStub(uint address) => _core.AddStub(address);

    public void RemoveStub(uint address) => _core.RemoveStub(address);

    public void RequestStop() => _core.RequestStop();
}
