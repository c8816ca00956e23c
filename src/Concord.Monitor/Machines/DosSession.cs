using Concord.Core.Cpu;
using Concord.Monitor.Gates;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Machines;

/// <summary>
/// The host's dealings with one VM's DOS: its mounted drives' state, and commands the host gives
/// (<see cref="Exec"/>), each run as a <see cref="HostCall"/> through the gate engine: the DOS is
/// asked once by the gates (version, InDOS, critical-error flag, List of Lists, SDA, at its first
/// idle moment), the command waits for the same safe point a gate call does with InDOS at zero
/// (the monitor types Enter at an idle prompt to bring the shell to one), and there the host's INT
/// 21h calls look for the program as COMMAND.COM would (the name as given, or with .COM, .EXE, .BAT;
/// a bare name in the current directory, then along the PATH of the environment the program will
/// inherit), run it through EXEC (AX=4B00h; a batch file or one of COMMAND.COM's internal commands
/// as COMSPEC /C with the line, when COMSPEC is set) and ask how it ended (AH=4Dh).
/// </summary>
/// <remarks>
/// While a command runs, each character of the console goes to <see cref="DosCommand.Output"/>: on
/// a PC/AT the BIOS teletype's (INT 10h AH=0Eh, where DOS's console output ends up), on a PC-98
/// INT 29h's, watched through the VM's <see cref="MachineVm.Watches"/> and passed on.
/// </remarks>
public sealed class DosSession : HostCall
{
    private const byte IdleVector = 0x28, DosVector = 0x21, VideoVector = 0x10, FastConsoleVector = 0x29;
    private const ushort CarryFlag = 0x0001;

    // In the monitor's scratch area (HostCallMemory): the program's ASCIIZ path, the tail, two blank FCBs, EXEC's parameter block, the search's DTA.
    private const int NameAt = 0x000, TailAt = 0x080, FcbAt = 0x100, ParamAt = 0x120, BlockBytes = ParamAt + 14, DtaAt = 0x140;

    /// <summary>How much of an environment is read (DOS's own limit is 32 KiB).</summary>
    private const int MaxEnvironment = 0x8000;

    private readonly Machine _machine;
    private readonly MachineVm _vm;
    private readonly Queue<DosCommand> _commands = new();
    private readonly byte _outputVector;
    private readonly int _watchPart;

    private DosSessionStep _step;
    private DosCommand? _running;
    private bool _enterTyped;
    private readonly List<string> _tries = [];
    private int _try;
    private string? _comspec;
    private string _program = "";

    internal DosSession(Machine machine, MachineVm vm)
    {
        _machine = machine;
        _vm = vm;
        // Where DOS's console output can be seen: the PC/AT BIOS's teletype (INT 10h AH=0Eh), which
        // DOS's console driver and INT 29h end in; a PC-98 has none, its DOSes write the text VRAM
        // from INT 29h (fast console output).
        _outputVector = vm.Hardware.Profile.Board == PlatformBoard.At ? VideoVector : FastConsoleVector;
        if (machine.Spec.Gates.FirstOrDefault(g => g.Caller == vm.Name && (g.Vector is IdleVector or DosVector || g.Vector == _outputVector)) is { } gate)
            throw new MachineConfigurationException($"{machine.Spec.SourcePath}: VM {vm.Name}: a gate takes its INT {gate.Vector:X2}h, which the monitor watches to talk to its DOS (mounts, exec)");
        _watchPart = vm.Watches.Register(OnOutput);
    }

    public MachineVm Vm => _vm;

    private DosInfo? Dos => _machine.Gates?.Dos(_vm.Id);

    /// <summary>Whether the DOS has answered, cannot be used (<see cref="Problem"/>), or is still waited for.</summary>
    public DosState State => Dos?.State ?? DosState.Learning;

    /// <summary>Why the VM's DOS cannot be used, or null.</summary>
    public string? Problem => Dos is { State: DosState.Failed } dos ? dos.Reason : null;

    public int Major => Dos?.Major ?? 0;

    public int Minor => Dos?.Minor ?? 0;

    /// <summary>Why the VM's mounted drives are not in its DOS (whole DOS), or null.</summary>
    public string? MountProblem { get; internal set; }

    /// <summary>Machine time when the DOS answered.</summary>
    public long LearnedAtNs { get; private set; }

    /// <summary>Whether a command waits or runs.</summary>
    public bool Busy => Pending || _commands.Count > 0;

    /// <summary>Queues <paramref name="command"/>: it runs once the DOS is at a safe point (at its prompt).</summary>
    public void Exec(DosCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (State == DosState.Failed)
        {
            command.Result = new DosCommandResult(false, 0, 0, 1, command.Program);
            return;
        }
        _commands.Enqueue(command);
        Submit();
    }

    /// <summary>One line on where the session is, for a timeout message.</summary>
    public string Describe()
    {
        if (State == DosState.Learning) return $"VM {_vm.Name}: its OS was never idle at a DOS prompt (no INT 28h)";
        if (State == DosState.Failed) return $"VM {_vm.Name}: {Problem}";
        string dos = $"DOS {Major}.{Minor:D2}";
        if (_running is not null && _step == DosSessionStep.Exec) return $"VM {_vm.Name} ({dos}): {_running.Program} was still running";
        if (Busy) return $"VM {_vm.Name} ({dos}): no safe moment came to run the command (InDOS never 0 at a program's INT 21h)";
        return $"VM {_vm.Name}: {dos}";
    }

    /// <summary>The gates asked the DOS.</summary>
    internal void Learned() => LearnedAtNs = _vm.NowNs;

    /// <summary>The next command, as the gates' host call into the VM, when none waits or runs.</summary>
    private void Submit()
    {
        if (Pending || _commands.Count == 0) return;
        _enterTyped = false;
        _machine.StartGates().Call(_vm.Id, this);
    }

    protected internal override void Start(HostCallMemory memory, ref CpuState s)
    {
        _running = _commands.Dequeue();
        _tries.Clear();
        _try = 0;
        _comspec = null;
        s.AX = 0x5100;
        _step = DosSessionStep.GetPsp;
    }

    /// <summary>
    /// Where to look, in COMMAND.COM's order: with a drive or directory only there; a bare name in
    /// the current directory, then in each directory of PATH; each with the candidate extensions.
    /// </summary>
    private void Plan(HostCallMemory memory, ushort psp)
    {
        DosCommand command = _running!;
        var (path, comspec) = ReadEnvironment(memory, memory.Read16(((uint)psp << 4) + 0x2C));
        _comspec = string.IsNullOrWhiteSpace(comspec) ? null : comspec.Trim();
        var directories = new List<string> { "" };
        if (!command.HasPath && path is not null)
            foreach (string dir in path.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                directories.Add(dir.EndsWith('\\') || dir.EndsWith(':') ? dir : dir + "\\");
        foreach (string dir in directories)
            foreach (string name in command.Candidates())
                if (dir.Length + name.Length <= DosCommand.MaxProgram) _tries.Add(dir + name);
    }

    /// <summary>PATH and COMSPEC of the environment at <paramref name="segment"/> (0: none): NAME=value strings, an empty one at the end.</summary>
    private static (string? Path, string? Comspec) ReadEnvironment(HostCallMemory memory, ushort segment)
    {
        if (segment == 0) return (null, null);
        string? path = null, comspec = null;
        uint at = (uint)segment << 4, end = at + MaxEnvironment;
        var text = new System.Text.StringBuilder();
        while (at < end)
        {
            byte b = memory.Read8(at++);
            if (b != 0)
            {
                text.Append((char)b);
                continue;
            }
            if (text.Length == 0) break;
            string entry = text.ToString();
            text.Clear();
            if (entry.StartsWith("PATH=", StringComparison.OrdinalIgnoreCase)) path = entry[5..];
            else if (entry.StartsWith("COMSPEC=", StringComparison.OrdinalIgnoreCase)) comspec = entry[8..];
        }
        return (path, comspec);
    }

    /// <summary>Find first of the current try (the monitor's DTA is set).</summary>
    private void Find(HostCallMemory memory, ref CpuState s)
    {
        Span<byte> name = memory.Bytes[NameAt..TailAt];
        name.Clear();
        DosCommand.Ascii(_tries[_try]).CopyTo(name);
        s.AX = 0x4E00;
        s.CX = 0; // normal files (read-only and archive too)
        s.DS = memory.Segment;
        s.DX = (ushort)(memory.Offset + NameAt);
        _step = DosSessionStep.Find;
    }

    /// <summary>
    /// The program to run for what was found (<paramref name="found"/>, or null: nothing): a
    /// program itself; a batch file or an internal command through COMSPEC /C; null when nothing runs it.
    /// </summary>
    private (string Program, string Tail)? Choose(string? found)
    {
        DosCommand command = _running!;
        bool batch = found is not null ? found.EndsWith(".BAT", StringComparison.OrdinalIgnoreCase) : command.IsInternal;
        if (!batch) return found is null ? null : (found, command.Tail);
        if (_comspec is null) return null;
        string tail = " /C " + (found ?? command.Program) + command.Tail;
        return tail.Length <= DosCommand.MaxTail ? (_comspec, tail) : null;
    }

    /// <summary>EXEC of <paramref name="program"/>: the block written, the console's output watched.</summary>
    private void Exec(HostCallMemory memory, ref CpuState s, string program, string tail)
    {
        _program = program;
        WriteExecBlock(memory, program, tail);
        s.AX = 0x4B00;
        s.DS = memory.Segment;
        s.DX = (ushort)(memory.Offset + NameAt);
        s.ES = memory.Segment;
        s.BX = (ushort)(memory.Offset + ParamAt);
        _step = DosSessionStep.Exec;
        _vm.Watches.Want(_watchPart, _outputVector, true);
    }

    protected internal override bool Next(HostCallMemory memory, in CpuState answer, ref CpuState s)
    {
        bool failed = (answer.Flags & CarryFlag) != 0;
        DosCommand command = _running!;
        switch (_step)
        {
            case DosSessionStep.GetPsp:
                Plan(memory, answer.BX);
                s.AX = 0x1A00;
                s.DS = memory.Segment;
                s.DX = (ushort)(memory.Offset + DtaAt);
                _step = DosSessionStep.SetDta;
                return true;
            case DosSessionStep.SetDta when _tries.Count > 0:
                Find(memory, ref s);
                return true;
            case DosSessionStep.SetDta:
            case DosSessionStep.Find:
                string? found = _step == DosSessionStep.Find && !failed ? _tries[_try] : null;
                if (found is null && _step == DosSessionStep.Find && _try + 1 < _tries.Count)
                {
                    _try++;
                    Find(memory, ref s);
                    return true;
                }
                command.Tried = _tries.Take(_try + 1).ToArray();
                if (Choose(found) is not { } run)
                {
                    command.Result = new DosCommandResult(false, 0, 0, 2, command.Program); // not found (2), as EXEC says
                    break;
                }
                Exec(memory, ref s, run.Program, run.Tail);
                return true;
            case DosSessionStep.Exec:
                _vm.Watches.Want(_watchPart, _outputVector, false);
                if (!failed)
                {
                    s.AX = 0x4D00;
                    _step = DosSessionStep.ExitCode;
                    return true;
                }
                command.Result = new DosCommandResult(false, 0, 0, answer.AX, _program);
                break;
            default:
                command.Result = new DosCommandResult(true, answer.AX & 0xFF, answer.AX >> 8, 0, _program);
                break;
        }
        _step = DosSessionStep.None;
        _running = null;
        return false;
    }

    protected internal override void Ended() => Submit();

    protected internal override void Failed(string reason)
    {
        _vm.Watches.Want(_watchPart, _outputVector, false);
        _step = DosSessionStep.None;
        if (_running is { Done: false } running) running.Result = new DosCommandResult(false, 0, 0, 1, running.Program);
        _running = null;
        while (_commands.TryDequeue(out DosCommand? c)) c.Result = new DosCommandResult(false, 0, 0, 1, c.Program);
    }

    /// <summary>
    /// The DOS idles at its prompt (INT 28h, InDOS set) while the command waits for InDOS at zero:
    /// an empty line (Enter) makes the shell come out of its key wait and call DOS at the top level,
    /// doing nothing but show the prompt again, through the shell's own INT 21h calls.
    /// </summary>
    protected internal override void Idle()
    {
        if (_enterTyped || !_vm.Hardware.KeyboardIdle() || !_vm.Hardware.Keyboard.Type('\r')) return;
        _enterTyped = true;
    }

    /// <summary>The console output INT while a program runs: its character to the command's output; the INT goes on.</summary>
    private bool OnOutput(byte vector)
    {
        if (vector != _outputVector || _running is not { } command || _step != DosSessionStep.Exec) return false;
        CpuState s = _vm.Cpu.GetState();
        if (_outputVector == FastConsoleVector || s.AX >> 8 == 0x0E) command.Output((byte)s.AX);
        return false;
    }

    /// <summary>The program's path, its command tail, two blank FCBs and EXEC's parameter block (the parent's environment).</summary>
    private static void WriteExecBlock(HostCallMemory memory, string program, string tail)
    {
        Span<byte> block = memory.Bytes[..BlockBytes];
        block.Clear();
        DosCommand.Ascii(program).CopyTo(block[NameAt..]);
        byte[] text = DosCommand.Ascii(tail);
        block[TailAt] = (byte)text.Length;
        text.CopyTo(block[(TailAt + 1)..]);
        block[TailAt + 1 + text.Length] = 0x0D;
        block.Slice(FcbAt + 1, 11).Fill((byte)' ');
        block.Slice(FcbAt + 16 + 1, 11).Fill((byte)' ');
        Span<byte> parameters = block.Slice(ParamAt, 14); // environment 0: the parent's
        SetFarPointer(parameters[2..], memory, TailAt);
        SetFarPointer(parameters[6..], memory, FcbAt);
        SetFarPointer(parameters[10..], memory, FcbAt + 16);
    }

    private static void SetFarPointer(Span<byte> at, HostCallMemory memory, int offset)
    {
        int off = memory.Offset + offset;
        at[0] = (byte)off;
        at[1] = (byte)(off >> 8);
        at[2] = (byte)memory.Segment;
        at[3] = (byte)(memory.Segment >> 8);
    }
}
