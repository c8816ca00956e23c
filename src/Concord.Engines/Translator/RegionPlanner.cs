using Concord.Core.Memory;

namespace Concord.Engines.Translator;

/// <summary>
/// Finds the region to compile around a hot instruction: the code reachable from it through direct
/// jumps, branches and calls within the pages around it, up to a size limit; then works out the
/// region's edges, entries, loop heads, blocks, path lengths and lazy flag states (<see cref="RegionPlan"/>).
/// Runs on the vCPU's thread (it reads guest memory); the plan it makes is compiled elsewhere. Instructions over
/// bytes that code near them has rewritten (<paramref name="volatileBytes"/>, addresses below 1 MiB) are left to the interpreter.
/// </summary>
internal sealed class RegionPlanner(MemoryMap memory, bool is286, TranslatorOptions options, IReadOnlySet<uint> volatileBytes)
{
    /// <summary>The most in-region targets an indirect jump or return compares against before leaving the region.</summary>
    private const int MaxIndirectTargets = 16;

    private readonly InstructionDecoder _decoder = new(memory, is286);
    private readonly uint _addressMask = is286 ? 0xFFFFFFu : 0xFFFFFu;

    /// <summary>The plan of a region seeded at <paramref name="cs"/>:<paramref name="ip"/>, or null when nothing there can be compiled.</summary>
    public RegionPlan? Plan(ushort cs, ushort ip)
    {
        Dictionary<ushort, GuestInstruction> found = Explore(cs, ip);
        if (!found.TryGetValue(ip, out GuestInstruction? seed) || !seed.Translated && found.Count == 1 && seed.Flow == Flow.InterpretAndLeave)
            return null;
        GuestInstruction[] ins = [.. found.Values.OrderBy(i => i.Ip)];
        ushort[] ips = [.. ins.Select(i => i.Ip)];
        int n = ins.Length;
        int Index(ushort target)
        {
            int i = Array.BinarySearch(ips, target);
            return i < 0 ? -1 : i;
        }
        int seedIndex = Index(ip);

        while (true)
        {
            // Direct edges between compiled instructions; interpreted ones end the compiled path.
            var successors = new int[n][];
            var isEntry = new bool[n];
            for (int i = 0; i < n; i++)
            {
                GuestInstruction g = ins[i];
                var s = new List<int>(2);
                if (g.Translated)
                {
                    if (g.Flow is Flow.Next or Flow.Branch) Add(s, Index(g.NextIp));
                    if (g.Flow is Flow.Jump or Flow.Branch or Flow.Call) Add(s, Index(g.Target));
                }
                successors[i] = [.. s];
                // Where execution comes back into the region: after an interpreted instruction, after a call returns.
                if (g.Flow == Flow.Interpret || g.IsCall)
                {
                    int next = Index(g.NextIp);
                    if (next >= 0) isEntry[next] = true;
                }
            }
            if (options.EveryInstructionIsEntry) Array.Fill(isEntry, true);

            bool[] isCheckSite = LoopHeads(ins, successors);
            for (int i = 0; i < n; i++) if (isCheckSite[i]) isEntry[i] = true;
            // The seed is where a sample fell, anywhere in the hot code. On a loop the interpreter soon reaches the loop's
            // head, an entry; so the seed is an entry only off loops (an entry in the middle of a loop body makes the
            // flags whole there and splits the loop: the same loop ran at half speed when the sample fell there).
            if (!OnCycle(successors, seedIndex)) isEntry[seedIndex] = true;

            var predecessors = new int[n];
            var onlyPredecessor = new int[n];
            Array.Fill(onlyPredecessor, -1);
            for (int i = 0; i < n; i++)
                foreach (int s in successors[i])
                {
                    predecessors[s]++;
                    onlyPredecessor[s] = i;
                }

            // A segment load that holds interrupts off must be followed, in compiled code, by the
            // instruction it shields with no way in between; otherwise the interpreter does the load.
            bool demoted = false;
            for (int i = 0; i < n; i++)
            {
                GuestInstruction g = ins[i];
                if (!g.SetsShadow || !g.Translated) continue;
                int next = Index(g.NextIp);
                bool shielded = next >= 0 && ins[next].Translated && predecessors[next] == 1 && onlyPredecessor[next] == i &&
                                !isEntry[next] && !isCheckSite[next];
                if (shielded) continue;
                ins[i] = g with { Flow = Flow.Interpret };
                demoted = true;
            }
            if (demoted) continue;

            var afterShadow = new bool[n];
            for (int i = 0; i < n; i++)
                if (ins[i].SetsShadow && ins[i].Translated) afterShadow[Index(ins[i].NextIp)] = true;

            // Blocks: an instruction continues its block only when it is the fall-through of the one
            // before and nothing else leads to it.
            var isLeader = new bool[n];
            int blockLength = 0;
            for (int i = 0; i < n; i++)
            {
                bool continues = i > 0 && ins[i - 1].Translated && ins[i - 1].Flow == Flow.Next && ins[i - 1].NextIp == ins[i].Ip &&
                                 predecessors[i] == 1 && onlyPredecessor[i] == i - 1 && ins[i].Translated &&
                                 !isEntry[i] && !isCheckSite[i] && blockLength < Math.Max(1, MaxBlock);
                isLeader[i] = !continues;
                blockLength = continues ? blockLength + 1 : 1;
            }

            int[] pathLength = PathLengths(ins, successors, isCheckSite);

            // Indirect jumps and returns may come back to an entry of the region without leaving it.
            var indirect = new int[n][];
            for (int i = 0; i < n; i++)
            {
                indirect[i] = [];
                GuestInstruction g = ins[i];
                if (g.Flow != Flow.Indirect) continue;
                bool isReturn = g.Op is 0xC2 or 0xC3 || (!is286 && g.Op is 0xC0 or 0xC1);
                var targets = new List<int>();
                for (int j = 0; j < n && targets.Count < MaxIndirectTargets; j++)
                {
                    if (!isEntry[j] || afterShadow[j]) continue;
                    bool returnPoint = j > 0 && ins[j - 1].IsCall && ins[j - 1].NextIp == ins[j].Ip;
                    if (!isReturn || returnPoint) targets.Add(j);
                }
                indirect[i] = [.. targets];
            }

            int[] flags = FlagStates(ins, successors, indirect, isEntry);

            // Any other block start that needs no particular lazy flag state can be an entry too.
            for (int i = 0; i < n; i++)
                if (isLeader[i] && !isEntry[i] && !afterShadow[i] && flags[i] is (int)FlagKind.None or FlagEffects.Dynamic)
                    isEntry[i] = true;

            int[] entries = [.. Enumerable.Range(0, n).Where(i => isEntry[i])];
            var entryNumber = new int[n];
            Array.Fill(entryNumber, -1);
            for (int e = 0; e < entries.Length; e++) entryNumber[entries[e]] = e;

            return new RegionPlan
            {
                Cs = cs, Seed = ip, Is286 = is286, Instructions = ins, Ips = ips, Successors = successors, IndirectTargets = indirect,
                Entries = entries, EntryNumber = entryNumber, IsLeader = isLeader, IsCheckSite = isCheckSite,
                PathLength = pathLength, FlagsBefore = flags, AfterShadow = afterShadow, Code = CodeBytes(ins),
            };
        }
    }

    private int MaxBlock => options.EveryInstructionIsEntry ? 1 : 64;

    private static void Add(List<int> list, int index)
    {
        if (index >= 0 && !list.Contains(index)) list.Add(index);
    }

    /// <summary>Breadth first from the seed, so that the code nearest to it is in the region when the limit is reached.</summary>
    private Dictionary<ushort, GuestInstruction> Explore(ushort cs, ushort seed)
    {
        uint csBase = (uint)cs << 4;
        uint seedPage = ((csBase + seed) & _addressMask) >> MemoryMap.PageShift;
        var found = new Dictionary<ushort, GuestInstruction>();
        var queue = new Queue<ushort>();
        queue.Enqueue(seed);
        int limit = Math.Max(1, options.MaxRegionInstructions);
        while (queue.Count > 0 && found.Count < limit)
        {
            ushort ip = queue.Dequeue();
            if (found.ContainsKey(ip)) continue;
            GuestInstruction? g = _decoder.Decode(cs, ip);
            if (g is null) continue;
            if (volatileBytes.Count > 0 && IsVolatile(g))
                g = g with { Flow = g.Flow == Flow.Next ? Flow.Interpret : g.Translated ? Flow.InterpretAndLeave : g.Flow, SetsShadow = false, Volatile = true };
            uint first = g.Linear >> MemoryMap.PageShift, last = (g.Linear + (uint)g.Length - 1) >> MemoryMap.PageShift;
            if (first + 1 < seedPage || last > seedPage + 1) continue; // the seed's page and its neighbours
            found[ip] = g;
            switch (g.Flow)
            {
                case Flow.Next: case Flow.Interpret:
                    // After HLT comes what an interrupt returns to, often not code at all (a program's end, data):
                    // the interpreter goes on there, and it is planned when it gets hot itself.
                    if (g.Op != 0xF4) queue.Enqueue(g.NextIp);
                    break;
                case Flow.Jump:
                    queue.Enqueue(g.Target);
                    break;
                case Flow.Branch: case Flow.Call:
                    queue.Enqueue(g.Target);
                    queue.Enqueue(g.NextIp);
                    break;
                case Flow.Indirect:
                    if (g.IsCall) queue.Enqueue(g.NextIp);
                    break;
            }
        }
        return found;
    }

    private bool IsVolatile(GuestInstruction g)
    {
        for (int i = 0; i < g.Length; i++)
            if (volatileBytes.Contains((g.Linear + (uint)i) & 0xFFFFF)) return true;
        return false;
    }

    /// <summary>
    /// Targets of backward jumps and branches (to the same or a lower offset): every loop passes one, since no
    /// cycle runs forward only. A rule of the code, not of where the planner started (a depth-first walk from the
    /// seed found different heads for each seed, and the same loop ran at 1,150 or 500 MIPS depending on where the
    /// sample fell); and where QEMU and the issue put the checks for interrupts and the budget.
    /// </summary>
    private static bool[] LoopHeads(GuestInstruction[] ins, int[][] successors)
    {
        var heads = new bool[ins.Length];
        for (int i = 0; i < ins.Length; i++)
            foreach (int s in successors[i])
                if (ins[s].Ip <= ins[i].Ip) heads[s] = true;
        return heads;
    }

    /// <summary>Whether a path of direct edges leads from instruction <paramref name="start"/> back to itself.</summary>
    private static bool OnCycle(int[][] successors, int start)
    {
        var seen = new bool[successors.Length];
        var work = new Stack<int>();
        work.Push(start);
        while (work.Count > 0)
            foreach (int s in successors[work.Pop()])
            {
                if (s == start) return true;
                if (seen[s]) continue;
                seen[s] = true;
                work.Push(s);
            }
        return false;
    }

    /// <summary>Per instruction, the most compiled instructions that can run from it before a loop head or an exit (edges into loop heads cut the loops).</summary>
    private static int[] PathLengths(GuestInstruction[] ins, int[][] successors, bool[] isCheckSite)
    {
        int n = ins.Length;
        var length = new int[n];
        var done = new bool[n];
        var stack = new Stack<(int Node, bool Expanded)>();
        for (int root = 0; root < n; root++)
        {
            if (done[root]) continue;
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (node, expanded) = stack.Pop();
                if (done[node]) continue;
                if (!ins[node].Translated)
                {
                    done[node] = true; // the interpreter runs it, counting it itself
                    continue;
                }
                if (!expanded)
                {
                    stack.Push((node, true));
                    foreach (int s in successors[node])
                        if (!isCheckSite[s] && !done[s]) stack.Push((s, false));
                    continue;
                }
                int longest = 0;
                foreach (int s in successors[node])
                    if (!isCheckSite[s]) longest = Math.Max(longest, length[s]);
                length[node] = 1 + longest;
                done[node] = true;
            }
        }
        return length;
    }

    /// <summary>The lazy flag state before each instruction: entries come with FLAGS whole; where kinds meet, the kind is read at run time.</summary>
    private int[] FlagStates(GuestInstruction[] ins, int[][] successors, int[][] indirect, bool[] isEntry)
    {
        int n = ins.Length;
        var before = new int[n];
        Array.Fill(before, FlagEffects.Unknown);
        var work = new Queue<int>();
        for (int i = 0; i < n; i++)
            if (isEntry[i])
            {
                before[i] = (int)FlagKind.None;
                work.Enqueue(i);
            }
        while (work.Count > 0)
        {
            int i = work.Dequeue();
            if (!ins[i].Translated) continue;
            int after = FlagEffects.After(ins[i], is286, before[i]);
            foreach (int s in successors[i].Concat(indirect[i]))
            {
                int merged = FlagEffects.Merge(before[s], after);
                if (merged == before[s]) continue;
                before[s] = merged;
                work.Enqueue(s);
            }
        }
        for (int i = 0; i < n; i++) if (before[i] == FlagEffects.Unknown) before[i] = (int)FlagKind.None;
        return before;
    }

    /// <summary>The bytes of the region's instructions as they are now (but the volatile ones'), in runs of contiguous addresses.</summary>
    private (uint Linear, byte[] Bytes)[] CodeBytes(GuestInstruction[] ins)
    {
        var runs = new List<(uint Start, uint End)>();
        foreach (GuestInstruction g in ins.Where(g => !g.Volatile).OrderBy(g => g.Linear))
        {
            uint start = g.Linear, end = g.Linear + (uint)g.Length;
            if (runs.Count > 0 && start <= runs[^1].End) runs[^1] = (runs[^1].Start, Math.Max(runs[^1].End, end));
            else runs.Add((start, end));
        }
        return [.. runs.Select(r =>
        {
            var bytes = new byte[r.End - r.Start];
            memory.Read(r.Start, bytes);
            return (r.Start, bytes);
        })];
    }
}
