using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.Profiles;
using Concord.Monitor.Redirector;

namespace Concord.Monitor.Machines;

/// <summary>
/// The monitor's dealings with one VM's DOS: at its first idle moment (INT 28h, DOS waiting for a
/// key) the monitor asks it, through its own INT 21h, for its version (AH=30h), InDOS (AH=34h), List
/// of Lists (AH=52h) and swappable data area (AX=5D06h), and installs the VM's mounted drives in its
/// CDS; a command the host gives (<see cref="Exec"/>) then runs through the DOS's EXEC (AX=4B00h) at a
/// program's INT 21h with InDOS and the critical-error flag at zero and no hardware interrupt in
/// service (the shell's own next call: the monitor types Enter at the idle prompt to make one), as
/// if that program had called EXEC, and its exit code is asked (AH=4Dh).
/// </summary>
/// <remarks>
/// Each call runs on the monitor's stack in a 4 KiB page of its own mapped into the VM
/// (<see cref="ContextAddress"/>), returning to a HLT stub there; the VM's registers and the INT it
/// was stopped at come back afterwards, so to the OS the moment looks like a slow INT. While a
/// command runs, each character of the console goes to <see cref="DosCommand.Output"/>: on a PC/AT
/// the BIOS teletype's (INT 10h AH=0Eh, where DOS's console output ends up), on a PC-98 INT 29h's. When issue 10's DOS partner
/// (the gates' safe points and process context) lands, the learning and the safe point move there.
/// </remarks>
public sealed class DosSession : IDisposable
{
    /// <summary>The monitor's page in the VM: below the pages the gates use (EE000h, EF000h), free on both profiles.</summary>
    public const uint ContextAddress = 0xED000;

    private const ushort Segment = (ushort)(ContextAddress >> 4);
    private const ushort StubOffset = 0x000;
    private const ushort NameOffset = 0x010;   // 128 bytes: the program's ASCIIZ path
    private const ushort TailOffset = 0x090;   // 128 bytes: length, tail, CR
    private const ushort FcbOffset = 0x110;    // two blank 16-byte FCBs
    private const ushort ParamOffset = 0x130;  // EXEC's parameter block (14 bytes)
    private const ushort StackTop = MemoryMap.PageSize;

    private const byte IdleVector = 0x28, DosVector = 0x21, VideoVector = 0x10, FastConsoleVector = 0x29;
    private const ushort CarryFlag = 0x0001, TrapFlag = 0x0100, InterruptFlag = 0x0200;

    private readonly Machine _machine;
    private readonly MachineVm _vm;
    private readonly MemoryBlock _page = new(MemoryMap.PageSize);
    private readonly Queue<DosCommand> _commands = new();
    private readonly byte _outputVector;
    private bool _watchOutput, _watch21, _watch28;

    private DosSessionStep _step;
    private CpuState _stopped;
    private byte _stoppedAt;
    private uint _listOfLists;
    private int _critical = -1;

    private DosCommand? _running;
    private bool _enterTyped;
    private int _candidate;
    private ushort _dtaSegment, _dtaOffset;
    private int _execError;

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
        MemoryMap memory = vm.Hardware.Memory;
        if (memory.GetPage((int)(ContextAddress >> MemoryMap.PageShift)).Block is not null)
            throw new MachineConfigurationException($"VM {vm.Name}: the page at {ContextAddress:X5}h, which the monitor needs to talk to its DOS (mounts, exec), is in use");
        _page.Span.Clear();
        _page.Span[StubOffset] = 0xF4; // HLT
        memory.MapRam(ContextAddress, _page, 0, MemoryMap.PageSize);
        vm.Cpu.AddStub(ContextAddress + StubOffset);
        Watch(IdleVector, true);
    }

    public MachineVm Vm => _vm;

    /// <summary>Whether the DOS has answered (<see cref="Facts"/>, <see cref="InDos"/>), failed (<see cref="Problem"/>), or is still waited for.</summary>
    public DosSessionState State { get; private set; } = DosSessionState.Learning;

    /// <summary>Why the VM's DOS cannot be used, or null.</summary>
    public string? Problem { get; private set; }

    public int Major { get; private set; }

    public int Minor { get; private set; }

    /// <summary>Linear address of InDOS (AH=34h), once known.</summary>
    public int InDos { get; private set; } = -1;

    /// <summary>What the redirector needs (DOS 3.10 and later), or null.</summary>
    public DosFacts? Facts { get; private set; }

    /// <summary>Why the VM's mounted drives are not in its DOS (whole DOS), or null.</summary>
    public string? MountProblem { get; private set; }

    /// <summary>Machine time when the DOS answered.</summary>
    public long LearnedAtNs { get; private set; }

    /// <summary>Whether a command waits or runs.</summary>
    public bool Busy => _running is not null || _commands.Count > 0;

    /// <summary>Queues <paramref name="command"/>: it runs once the DOS is idle at its prompt.</summary>
    public void Exec(DosCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (State == DosSessionState.Failed)
        {
            command.Result = new DosCommandResult(false, 0, 0, 1, command.Program);
            return;
        }
        _commands.Enqueue(command);
        Watch(IdleVector, true);
    }

    /// <summary>One line on where the session is, for a timeout message.</summary>
    public string Describe()
    {
        if (State == DosSessionState.Learning) return $"VM {_vm.Name}: its OS was never idle at a DOS prompt (no INT 28h)";
        if (State == DosSessionState.Failed) return $"VM {_vm.Name}: {Problem}";
        string dos = $"DOS {Major}.{Minor:D2}";
        if (_running is not null && _step == DosSessionStep.Exec) return $"VM {_vm.Name} ({dos}): {_running.Program} was still running";
        if (_running is not null || _commands.Count > 0) return $"VM {_vm.Name} ({dos}): no safe moment came to run the command (InDOS never 0 at a program's INT 21h)";
        return $"VM {_vm.Name}: {dos}";
    }

    /// <summary>Serves a slice's exit that is the session's: its watched INTs and its stub. Also looks at halts (returns false for them).</summary>
    internal bool HandleExit(RunResult result)
    {
        IVcpu cpu = _vm.Cpu;
        switch (result.Reason)
        {
            case ExitReason.WatchedInterrupt:
                byte vector = cpu.LastExit.Vector;
                if (vector == IdleVector && _watch28) OnIdle();
                else if (vector == DosVector && _watch21) OnDosCall();
                else if (vector == _outputVector && _watchOutput) OnOutput();
                else return false;
                return true;
            case ExitReason.StubHit when _step != DosSessionStep.None && cpu.LastExit.Address == ContextAddress + StubOffset:
                OnReturn();
                return true;
            case ExitReason.Halted when State == DosSessionState.Known && _step == DosSessionStep.None && !_enterTyped && _commands.Count > 0:
                // Concord DOS waits for a key with InDOS lowered and the CPU halted in the BIOS: idle too.
                if (_vm.Hardware.Memory.Read8((uint)InDos) == 0 && !InHardwareInterrupt()) TypeEnter();
                return false;
            default:
                return false;
        }
    }

    private void OnIdle()
    {
        if (_step == DosSessionStep.None && !InHardwareInterrupt())
        {
            if (State == DosSessionState.Learning)
            {
                Begin(IdleVector, DosSessionStep.Version);
                return;
            }
            if (State == DosSessionState.Known && _commands.Count > 0 && !_enterTyped) TypeEnter();
        }
        _vm.Cpu.DeliverInterrupt(IdleVector);
        UpdateWatches();
    }

    /// <summary>
    /// Makes the shell come out of its key wait and call DOS at the top level: an empty line (Enter)
    /// at the prompt does nothing but show the prompt again, through the shell's own INT 21h calls.
    /// </summary>
    private void TypeEnter()
    {
        if (!_vm.Hardware.KeyboardIdle() || !_vm.Hardware.Keyboard.Type('\r')) return;
        _enterTyped = true;
        Watch(DosVector, true);
    }

    private void OnDosCall()
    {
        if (_step == DosSessionStep.None && _commands.Count > 0 && SafeForExec())
        {
            Watch(DosVector, false);
            _running = _commands.Dequeue();
            _enterTyped = false;
            _candidate = 0;
            _execError = 0;
            Begin(DosVector, DosSessionStep.GetDta);
            return;
        }
        _vm.Cpu.DeliverInterrupt(DosVector);
    }

    private void OnOutput()
    {
        CpuState s = _vm.Cpu.GetState();
        if (_outputVector == FastConsoleVector || s.AX >> 8 == 0x0E) _running?.Output((byte)s.AX);
        _vm.Cpu.DeliverInterrupt(_outputVector);
    }

    /// <summary>InDOS and the critical-error flag at 0 and no hardware interrupt in service: nothing of DOS is in use.</summary>
    private bool SafeForExec()
    {
        MemoryMap memory = _vm.Hardware.Memory;
        if (memory.Read8((uint)InDos) != 0) return false;
        if (_critical >= 0 && memory.Read8((uint)_critical) != 0) return false;
        return !InHardwareInterrupt();
    }

    private bool InHardwareInterrupt() => _vm.Hardware.Pic.Master.Isr != 0 || _vm.Hardware.Pic.Slave.Isr != 0;

    /// <summary>The VM stopped at INT <paramref name="vector"/> (IP past it): keep that moment and start the first call.</summary>
    private void Begin(byte vector, DosSessionStep first)
    {
        _stopped = _vm.Cpu.GetState();
        _stoppedAt = vector;
        Call(first);
    }

    /// <summary>Enters the DOS's INT 21h for <paramref name="step"/> from the stub, on the monitor's stack, with the VM's registers but those the call takes.</summary>
    private void Call(DosSessionStep step)
    {
        CpuState s = _stopped;
        s.Halted = false;
        s.CS = Segment;
        s.IP = StubOffset;
        s.SS = Segment;
        s.SP = StackTop;
        s.Flags = (ushort)((s.Flags | InterruptFlag) & ~(TrapFlag | CarryFlag));
        switch (step)
        {
            case DosSessionStep.Version: s.AX = 0x3000; break;
            case DosSessionStep.InDos: s.AX = 0x3400; break;
            case DosSessionStep.ListOfLists: s.AX = 0x5200; break;
            case DosSessionStep.SwappableData: s.AX = 0x5D06; break;
            case DosSessionStep.GetDta: s.AX = 0x2F00; break;
            case DosSessionStep.Exec:
                WriteExecBlock(_running!.Candidates()[_candidate], _running.Tail);
                s.AX = 0x4B00;
                s.DS = Segment;
                s.DX = NameOffset;
                s.ES = Segment;
                s.BX = ParamOffset;
                Watch(_outputVector, true);
                break;
            case DosSessionStep.ExitCode: s.AX = 0x4D00; break;
            case DosSessionStep.SetDta:
                s.AX = 0x1A00;
                s.DS = _dtaSegment;
                s.DX = _dtaOffset;
                break;
        }
        _step = step;
        _vm.Cpu.SetState(s);
        _vm.Cpu.DeliverInterrupt(DosVector);
    }

    /// <summary>The program's path, its command tail, two blank FCBs and EXEC's parameter block (the parent's environment).</summary>
    private void WriteExecBlock(string program, string tail)
    {
        Span<byte> page = _page.Span;
        page[NameOffset..FcbOffset].Clear();
        byte[] name = DosCommand.Ascii(program);
        name.CopyTo(page[NameOffset..]);
        byte[] text = DosCommand.Ascii(tail);
        page[TailOffset] = (byte)text.Length;
        text.CopyTo(page[(TailOffset + 1)..]);
        page[TailOffset + 1 + text.Length] = 0x0D;
        for (int f = 0; f < 2; f++)
        {
            Span<byte> fcb = page.Slice(FcbOffset + f * 16, 16);
            fcb.Clear();
            fcb[1..12].Fill((byte)' ');
        }
        Span<byte> block = page.Slice(ParamOffset, 14);
        block.Clear(); // environment 0: the parent's
        SetFarPointer(block[2..], TailOffset);
        SetFarPointer(block[6..], FcbOffset);
        SetFarPointer(block[10..], FcbOffset + 16);
    }

    private static void SetFarPointer(Span<byte> at, int offset)
    {
        at[0] = (byte)offset;
        at[1] = (byte)(offset >> 8);
        at[2] = Segment & 0xFF;
        at[3] = Segment >> 8;
    }

    /// <summary>A call returned to the stub: read its answer, run the next or give the VM its moment back.</summary>
    private void OnReturn()
    {
        CpuState r = _vm.Cpu.GetState();
        bool failed = (r.Flags & CarryFlag) != 0;
        switch (_step)
        {
            case DosSessionStep.Version:
                Major = r.AX & 0xFF;
                Minor = r.AX >> 8;
                if (Major < 2)
                {
                    Fail($"DOS {Major}.{Minor:D2} answered INT 21h AH=30h; the monitor needs DOS 2.0 or later (InDOS, EXEC)");
                    return;
                }
                Call(DosSessionStep.InDos);
                return;
            case DosSessionStep.InDos:
                InDos = (r.ES << 4) + r.BX;
                if (Major > 3 || Major == 3 && Minor >= 10)
                {
                    _critical = InDos - 1; // DOS 3.1 and later keep the critical-error flag just before InDOS
                    Call(DosSessionStep.ListOfLists);
                    return;
                }
                Learned(null);
                return;
            case DosSessionStep.ListOfLists:
                _listOfLists = ((uint)r.ES << 4) + r.BX;
                Call(DosSessionStep.SwappableData);
                return;
            case DosSessionStep.SwappableData:
                if (failed) { Learned(null); return; }
                uint sda = ((uint)r.DS << 4) + r.SI;
                _critical = (int)sda; // the SDA starts with the critical-error flag, then InDOS
                Learned(new DosFacts(Major, Minor, _listOfLists, sda));
                return;
            case DosSessionStep.GetDta:
                _dtaSegment = r.ES;
                _dtaOffset = r.BX;
                Call(DosSessionStep.Exec);
                return;
            case DosSessionStep.Exec:
                Watch(_outputVector, false);
                if (!failed)
                {
                    Call(DosSessionStep.ExitCode);
                    return;
                }
                _execError = r.AX;
                if (_execError is 2 or 3 && _candidate + 1 < _running!.Candidates().Count)
                {
                    _candidate++;
                    Call(DosSessionStep.Exec);
                    return;
                }
                _running!.Result = new DosCommandResult(false, 0, 0, _execError, _running.Program);
                Call(DosSessionStep.SetDta);
                return;
            case DosSessionStep.ExitCode:
                _running!.Result = new DosCommandResult(true, r.AX & 0xFF, r.AX >> 8, 0, _running.Candidates()[_candidate]);
                Call(DosSessionStep.SetDta);
                return;
            case DosSessionStep.SetDta:
                _running = null;
                End();
                return;
        }
    }

    private void Learned(DosFacts? facts)
    {
        Facts = facts;
        State = DosSessionState.Known;
        LearnedAtNs = _vm.NowNs;
        if (_machine.Mounts.Redirector(_vm) is not null)
            MountProblem = facts is null
                ? $"DOS {Major}.{Minor:D2} has no network redirector interface (DOS 3.10 or later has)"
                : _machine.Mounts.Install(_vm, facts);
        End();
        // A command given before the DOS was known: the prompt it is idle at is now.
        if (_commands.Count > 0 && !_enterTyped && _stoppedAt == IdleVector) TypeEnter();
    }

    private void Fail(string problem)
    {
        Problem = problem;
        State = DosSessionState.Failed;
        if (_machine.Mounts.Redirector(_vm) is not null) MountProblem = problem;
        while (_commands.TryDequeue(out DosCommand? c)) c.Result = new DosCommandResult(false, 0, 0, 1, c.Program);
        End();
    }

    /// <summary>The VM goes on from the moment it was stopped at: its registers back, the INT it was at delivered.</summary>
    private void End()
    {
        _step = DosSessionStep.None;
        _vm.Cpu.SetState(_stopped);
        _vm.Cpu.DeliverInterrupt(_stoppedAt);
        UpdateWatches();
    }

    /// <summary>INT 28h is watched while the DOS is learned or a command waits for the prompt; INT 21h while one waits for a safe moment.</summary>
    private void UpdateWatches()
    {
        Watch(IdleVector, State == DosSessionState.Learning || State == DosSessionState.Known && _commands.Count > 0 && !_enterTyped);
        Watch(DosVector, _enterTyped && _commands.Count > 0);
    }

    private void Watch(byte vector, bool on)
    {
        ref bool flag = ref vector == IdleVector ? ref _watch28 : ref vector == DosVector ? ref _watch21 : ref _watchOutput;
        if (flag == on) return;
        flag = on;
        _vm.Cpu.WatchVector(vector, on);
    }

    public void Dispose() => _page.Dispose();
}
