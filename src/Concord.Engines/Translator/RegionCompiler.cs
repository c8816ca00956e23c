using System.Reflection;
using System.Reflection.Emit;

namespace Concord.Engines.Translator;

/// <summary>
/// Compiles a <see cref="RegionPlan"/> into one .NET method (IL through a <see cref="DynamicMethod"/>,
/// compiled by RyuJIT): guest registers in locals, the region's branches as IL branches, flags kept
/// lazily (<see cref="FlagKind"/>) and computed only where read, the budget counted per block and
/// checked at entries and loop heads. Everything rare leaves the method for the interpreter, with
/// the state written back and the instruction count exact. Thread-safe to run on a compile thread:
/// it reads only the plan.
/// </summary>
internal sealed unsafe partial class RegionCompiler
{
    private const int AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7;
    private const int ES = 0, CS = 1, SS = 2, DS = 3;

    private static readonly Type[] Parameters = [typeof(Translator), typeof(JitFrame*), typeof(int)];

    private readonly RegionPlan _plan;
    private readonly bool _is286;
    private readonly int _addressMask;
    private readonly ILGenerator _il;
    private readonly LocalBuilder[] _r = new LocalBuilder[8];
    private readonly LocalBuilder[] _s = new LocalBuilder[4];
    private readonly LocalBuilder _fl, _ccOp, _ccA, _ccB, _ccR;
    private readonly LocalBuilder _rem, _rd, _wr, _regs;
    private readonly LocalBuilder _exIp, _exCode, _exAdj, _exLast, _lastIp;
    private readonly List<LocalBuilder> _temps = [];
    private int _tempsUsed;
    private readonly Label[] _labels;
    private readonly Label[] _entryLabels;
    private readonly Label _commonExit;
    private readonly Dictionary<ExitSpec, Label> _exits = [];
    private readonly Dictionary<(int Target, int From), Label> _edges = [];

    // The instruction being compiled and its place in its block.
    private GuestInstruction _ins = null!;
    private int _index, _position, _blockLength;

    /// <summary>
    /// An exit stub: where execution goes on (a constant, or a local when <see cref="IpLocal"/> is
    /// set), why, how many of the block's counted instructions did not run, and where the last
    /// instruction that ran started (<see cref="LastFromLocal"/>, <see cref="NoLast"/> or an IP).
    /// </summary>
    private readonly record struct ExitSpec(int Ip, LocalBuilder? IpLocal, int Code, int Unrun, int Last);

    /// <summary><see cref="ExitSpec.Last"/>: nothing ran that the interpreter will not run over (it runs next).</summary>
    private const int NoLast = -1;

    /// <summary><see cref="ExitSpec.Last"/>: the last instruction is known only at run time (a budget exit at a loop head).</summary>
    private const int LastFromLocal = -2;

    private RegionCompiler(RegionPlan plan, DynamicMethod method)
    {
        _plan = plan;
        _is286 = plan.Is286;
        _addressMask = plan.Is286 ? 0xFFFFFF : 0xFFFFF;
        _il = method.GetILGenerator(256 + plan.Instructions.Length * 96);
        for (int i = 0; i < 8; i++) _r[i] = _il.DeclareLocal(typeof(int));
        for (int i = 0; i < 4; i++) _s[i] = _il.DeclareLocal(typeof(int));
        _fl = _il.DeclareLocal(typeof(int));
        _ccOp = _il.DeclareLocal(typeof(int));
        _ccA = _il.DeclareLocal(typeof(int));
        _ccB = _il.DeclareLocal(typeof(int));
        _ccR = _il.DeclareLocal(typeof(int));
        _rem = _il.DeclareLocal(typeof(long));
        _rd = _il.DeclareLocal(typeof(nint));
        _wr = _il.DeclareLocal(typeof(nint));
        _regs = _il.DeclareLocal(typeof(nint));
        _exIp = _il.DeclareLocal(typeof(int));
        _exCode = _il.DeclareLocal(typeof(int));
        _exAdj = _il.DeclareLocal(typeof(int));
        _exLast = _il.DeclareLocal(typeof(int));
        _lastIp = _il.DeclareLocal(typeof(int));
        _labels = new Label[plan.Instructions.Length];
        for (int i = 0; i < _labels.Length; i++) _labels[i] = _il.DefineLabel();
        _entryLabels = new Label[plan.Entries.Length];
        for (int i = 0; i < _entryLabels.Length; i++) _entryLabels[i] = _il.DefineLabel();
        _commonExit = _il.DefineLabel();
    }

    /// <summary>Compiles <paramref name="plan"/>; <paramref name="ilBytes"/> is the size of the IL made.</summary>
    public static RegionCode Compile(RegionPlan plan, out int ilBytes)
    {
        RegionCode code = Compile(plan, out IlShape shape);
        ilBytes = shape.Bytes;
        return code;
    }

    /// <summary>Compiles <paramref name="plan"/>; <paramref name="shape"/> is the size of the IL made, in RyuJIT's measures.</summary>
    public static RegionCode Compile(RegionPlan plan, out IlShape shape)
    {
        var method = new DynamicMethod($"region_{plan.Cs:X4}_{plan.Ips[plan.Entries[0]]:X4}", typeof(int), Parameters,
                                       typeof(RegionCompiler).Module, skipVisibility: true);
        var compiler = new RegionCompiler(plan, method);
        compiler.EmitMethod();
        shape = new IlShape(compiler._il.ILOffset, compiler._instructions, compiler._localReferences, compiler._blocks);
        var code = (RegionCode)method.CreateDelegate(typeof(RegionCode));
        code(null!, null, -1); // RyuJIT compiles it now, on this thread
        return code;
    }

    private void EmitMethod()
    {
        EmitPrologue();
        EmitBlocks();
        EmitEntries();
        EmitEdgeStubs();
        EmitExitStubs();
        EmitCommonExit();
    }

    // ---- prologue, entries, exits ----

    private void EmitPrologue()
    {
        // Entry -1 touches nothing and returns: the compile thread calls it so that RyuJIT compiles
        // the method there rather than at its first real call.
        Label start = _il.DefineLabel();
        Emit(OpCodes.Ldarg_2);
        Emit(OpCodes.Ldc_I4_0);
        Emit(OpCodes.Bge, start);
        Emit(OpCodes.Ldc_I4_M1);
        Emit(OpCodes.Ret);
        Mark(start);
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldfld, Field(nameof(JitFrame.Registers)));
        Emit(OpCodes.Stloc, _regs);
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldfld, Field(nameof(JitFrame.ReadPages)));
        Emit(OpCodes.Stloc, _rd);
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldfld, Field(nameof(JitFrame.WritePages)));
        Emit(OpCodes.Stloc, _wr);
        for (int i = 0; i < 8; i++) LoadRegisterFromMemory(i, _r[i]);
        LoadRegisterFromMemory(8 + ES, _s[ES]);
        LoadRegisterFromMemory(8 + SS, _s[SS]);
        LoadRegisterFromMemory(8 + DS, _s[DS]);
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldfld, Field(nameof(JitFrame.Flags)));
        Emit(OpCodes.Stloc, _fl);
        Emit(OpCodes.Ldc_I4_0);
        Emit(OpCodes.Stloc, _ccOp);
        Emit(OpCodes.Ldc_I4_M1);
        Emit(OpCodes.Stloc, _lastIp);
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldfld, Field(nameof(JitFrame.Remaining)));
        Emit(OpCodes.Stloc, _rem);
        Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Switch, _entryLabels);
        // An entry number the region does not have: leave at once, nothing run.
        Emit(OpCodes.Ldc_I4, -1);
        Emit(OpCodes.Ret);
    }

    private void LoadRegisterFromMemory(int index, LocalBuilder local)
    {
        Emit(OpCodes.Ldloc, _regs);
        if (index != 0)
        {
            Emit(OpCodes.Ldc_I4, index * 2);
            Emit(OpCodes.Add);
        }
        Emit(OpCodes.Ldind_U2);
        Emit(OpCodes.Stloc, local);
    }

    private void StoreRegisterToMemory(int index, LocalBuilder local)
    {
        Emit(OpCodes.Ldloc, _regs);
        if (index != 0)
        {
            Emit(OpCodes.Ldc_I4, index * 2);
            Emit(OpCodes.Add);
        }
        Emit(OpCodes.Ldloc, local);
        Emit(OpCodes.Stind_I2);
    }

    /// <summary>Entry stubs: each checks that the budget covers the longest run to the next check, then joins the code.</summary>
    private void EmitEntries()
    {
        for (int e = 0; e < _plan.Entries.Length; e++)
        {
            int i = _plan.Entries[e];
            Mark(_entryLabels[e]);
            GuestInstruction g = _plan.Instructions[i];
            if (g.Translated) EmitBudgetCheck(i, g.Ip);
            Emit(OpCodes.Br, _labels[i]);
        }
    }

    /// <summary>Leaves for the interpreter when fewer instructions are left than the region may run from instruction <paramref name="index"/> before its next check.</summary>
    private void EmitBudgetCheck(int index, ushort ip)
    {
        Emit(OpCodes.Ldloc, _rem);
        Emit(OpCodes.Ldc_I8, (long)_plan.PathLength[index]);
        Emit(OpCodes.Blt, Exit(new ExitSpec(ip, null, ExitCode.Budget, 0, LastFromLocal)));
    }

    private Label Exit(ExitSpec spec)
    {
        if (spec.IpLocal is null && _exits.TryGetValue(spec, out Label label)) return label;
        label = _il.DefineLabel();
        _exits[spec] = label;
        return label;
    }

    /// <summary>Exit before the current instruction: the interpreter executes it (the fault, the odd case), none of it having run here.</summary>
    private Label ExitBefore() =>
        Exit(new ExitSpec(_ins.Ip, null, ExitCode.Interpret | (_plan.AfterShadow[_index] ? ExitCode.Shadow : 0), _blockLength - _position, NoLast));

    /// <summary>Exit after the current instruction, at the next (a port access or a write to code asks for it).</summary>
    private Label ExitAfter() => Exit(new ExitSpec(_ins.NextIp, null, ExitCode.Leave, _blockLength - _position - 1, _ins.Ip));

    /// <summary>Exit after the current instruction (a jump, call or return) to an IP held in <paramref name="ip"/>.</summary>
    private Label ExitAfterTo(LocalBuilder ip, int code) => Exit(new ExitSpec(0, ip, code, _blockLength - _position - 1, _ins.Ip));

    /// <summary>Control goes on at <paramref name="ip"/> after the current instruction: inside the region, or out.</summary>
    /// <remarks>
    /// A jump to a loop head goes through a stub of this edge that checks the budget, and a jump to
    /// an instruction for the interpreter goes straight out: both know the last instruction that ran
    /// (this one) as a constant, so the loop does not keep it in a local on every iteration.
    /// </remarks>
    private Label Goto(ushort ip)
    {
        int target = _plan.IndexOf(ip);
        int unrun = _blockLength - _position - 1;
        if (target < 0) return Exit(new ExitSpec(ip, null, ExitCode.Jump, unrun, _ins.Ip));
        GuestInstruction g = _plan.Instructions[target];
        if (!g.Translated) return Exit(new ExitSpec(ip, null, InterpretCode(target), unrun, _ins.Ip));
        if (!_plan.IsCheckSite[target]) return _labels[target];
        if (_edges.TryGetValue((target, _ins.Ip), out Label edge)) return edge;
        edge = _il.DefineLabel();
        _edges[(target, _ins.Ip)] = edge;
        return edge;
    }

    /// <summary>The exit code of instruction <paramref name="index"/>, which the interpreter runs.</summary>
    private int InterpretCode(int index)
    {
        GuestInstruction g = _plan.Instructions[index];
        return ExitCode.Interpret | (g.IsRepString ? ExitCode.Repeat : 0) | (_plan.AfterShadow[index] ? ExitCode.Shadow : 0);
    }

    /// <summary>The edge stubs <see cref="Goto"/> made: the budget check of the loop head for a jump from a known instruction.</summary>
    private void EmitEdgeStubs()
    {
        foreach (var ((target, from), label) in _edges)
        {
            Mark(label);
            GuestInstruction g = _plan.Instructions[target];
            Emit(OpCodes.Ldloc, _rem);
            Emit(OpCodes.Ldc_I8, (long)_plan.PathLength[target]);
            Emit(OpCodes.Blt, Exit(new ExitSpec(g.Ip, null, ExitCode.Budget, 0, from)));
            Emit(OpCodes.Br, _labels[target]);
        }
    }

    private void EmitExitStubs()
    {
        foreach (var (spec, label) in _exits)
        {
            Mark(label);
            if (spec.IpLocal is { } local) Emit(OpCodes.Ldloc, local);
            else Emit(OpCodes.Ldc_I4, spec.Ip);
            Emit(OpCodes.Stloc, _exIp);
            Emit(OpCodes.Ldc_I4, spec.Code);
            Emit(OpCodes.Stloc, _exCode);
            Emit(OpCodes.Ldc_I4, spec.Unrun);
            Emit(OpCodes.Stloc, _exAdj);
            if (spec.Last == LastFromLocal) Emit(OpCodes.Ldloc, _lastIp);
            else Emit(OpCodes.Ldc_I4, spec.Last);
            Emit(OpCodes.Stloc, _exLast);
            Emit(OpCodes.Br, _commonExit);
        }
    }

    /// <summary>Writes the guest state back: registers, FLAGS made whole, where to go on, the budget left.</summary>
    private void EmitCommonExit()
    {
        Mark(_commonExit);
        EmitSpill();
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldloc, _exIp);
        Emit(OpCodes.Ldc_I4, 0xFFFF);
        Emit(OpCodes.And);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.Ip)));
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldloc, _exLast);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.InstructionStart)));
        Emit(OpCodes.Ldarg_1);
        Emit(OpCodes.Ldloc, _rem);
        Emit(OpCodes.Ldloc, _exAdj);
        Emit(OpCodes.Conv_I8);
        Emit(OpCodes.Add);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.Remaining)));
        Emit(OpCodes.Ldloc, _exCode);
        Emit(OpCodes.Ret);
    }

    /// <summary>Registers to the register file and FLAGS, whole, to the frame: the state anyone outside may look at.</summary>
    private void EmitSpill()
    {
        for (int i = 0; i < 8; i++) StoreRegisterToMemory(i, _r[i]);
        StoreRegisterToMemory(8 + ES, _s[ES]);
        StoreRegisterToMemory(8 + SS, _s[SS]);
        StoreRegisterToMemory(8 + DS, _s[DS]);
        Emit(OpCodes.Ldarg_1);
        EmitMaterialize();
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.Flags)));
    }

    // ---- blocks ----

    private void EmitBlocks()
    {
        GuestInstruction[] ins = _plan.Instructions;
        for (int i = 0; i < ins.Length; i++)
        {
            _ins = ins[i];
            _index = i;
            if (_plan.IsLeader[i])
            {
                Mark(_labels[i]);
                if (!_ins.Translated)
                {
                    // Reached from an entry (or an indirect jump to one): the last IP is in its local.
                    Emit(OpCodes.Br, Exit(new ExitSpec(_ins.Ip, null, InterpretCode(i), 0, LastFromLocal)));
                    continue;
                }
                // A loop head's budget check is on every way in: its entry stub and the edge stubs.
                _blockLength = 1;
                while (i + _blockLength < ins.Length && !_plan.IsLeader[i + _blockLength]) _blockLength++;
                Emit(OpCodes.Ldloc, _rem);
                Emit(OpCodes.Ldc_I8, (long)_blockLength);
                Emit(OpCodes.Sub);
                Emit(OpCodes.Stloc, _rem);
                _position = 0;
            }
            else _position++;

            _tempsUsed = 0;
            bool endsBlock = _ins.Flow != Flow.Next || i + 1 >= ins.Length || _plan.IsLeader[i + 1];
            if (endsBlock && LeadsWhereTheLastIpIsNeeded(i))
            {
                Const(_ins.Ip);
                Store(_lastIp);
            }
            EmitInstruction();

            // Falling through to the next instruction: in the same block it simply follows.
            if (_ins.Flow == Flow.Next && !(i + 1 < ins.Length && !_plan.IsLeader[i + 1]))
                Emit(OpCodes.Br, Goto(_ins.NextIp));
        }
    }

    /// <summary>
    /// Whether control can go from instruction <paramref name="i"/> to an entry, whose stub may exit
    /// before running anything (an indirect jump or return): there the exit must say where the last
    /// instruction started. Direct jumps pass it as a constant (<see cref="Goto"/>).
    /// </summary>
    private bool LeadsWhereTheLastIpIsNeeded(int i) => _plan.IndirectTargets[i].Length > 0;

    // ---- small emitters ----

    // Each counts what it emits for the region's IlShape (the few direct ILGenerator calls are not counted).
    private int _instructions, _localReferences, _blocks = 1;

    /// <summary>Places <paramref name="label"/> here: a basic block starts.</summary>
    private void Mark(Label label)
    {
        _blocks++;
        _il.MarkLabel(label);
    }

    private void Emit(OpCode op)
    {
        _instructions++;
        if (op == OpCodes.Ldarg_0 || op == OpCodes.Ldarg_1 || op == OpCodes.Ldarg_2) _localReferences++;
        _il.Emit(op);
    }

    /// <summary>The generator, with one more instruction counted.</summary>
    private ILGenerator Counted()
    {
        _instructions++;
        return _il;
    }

    private void Emit(OpCode op, int value) => Counted().Emit(op, value);

    private void Emit(OpCode op, long value) => Counted().Emit(op, value);

    private void Emit(OpCode op, LocalBuilder local)
    {
        _localReferences++;
        Counted().Emit(op, local);
    }

    private void Emit(OpCode op, Label label)
    {
        if (op != OpCodes.Br) _blocks++; // the fall-through of a conditional branch starts a block
        Counted().Emit(op, label);
    }

    private void Emit(OpCode op, FieldInfo field) => Counted().Emit(op, field);

    private void Emit(OpCode op, MethodInfo method) => Counted().Emit(op, method);

    private void Const(int value) => Emit(OpCodes.Ldc_I4, value);

    private void Load(LocalBuilder local) => Emit(OpCodes.Ldloc, local);

    private void Store(LocalBuilder local) => Emit(OpCodes.Stloc, local);

    /// <summary>An int local for the current instruction only.</summary>
    private LocalBuilder Temp()
    {
        if (_tempsUsed == _temps.Count) _temps.Add(_il.DeclareLocal(typeof(int)));
        return _temps[_tempsUsed++];
    }

    private static FieldInfo Field(string name) => typeof(JitFrame).GetField(name)!;

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingMethodException(type.Name, name);
}
