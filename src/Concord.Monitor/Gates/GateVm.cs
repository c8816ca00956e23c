using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// The gate engine's view of one VM: its vCPU and map, the gates it may call through, the call it
/// serves (at most one: a VM is entered only when no other call is inside it) and the calls it
/// makes (one per level: its own code, and the handler of the call it serves).
/// </summary>
internal sealed class GateVm
{
    public const int Pages1M = 0x100000 >> MemoryMap.PageShift;

    private readonly bool[] _lendable = new bool[Pages1M];
    private readonly Func<bool>? _inInterruptHandler;

    public GateVm(VmId id, GateVmOptions options)
    {
        DosGates = options.Dos;
        Watches = options.Watches ?? new VectorWatches(options.Vcpu);
        Id = id;
        Name = options.Name;
        Vcpu = options.Vcpu;
        Memory = options.Memory;
        BusyByte = options.BusyByte ?? -1;
        _inInterruptHandler = options.InInterruptHandler;
        StubAddress = options.StubPage;
        EndVector = options.EndVector ?? -1;
        AddressMask = Vcpu.Model == CpuModel.I8086 ? 0xFFFFFu : 0xFFFFFFu;
        Calls = [new GateCall(this, 0), new GateCall(this, 1)];
        foreach (var range in options.Lendable)
            for (int p = range.Address >> MemoryMap.PageShift; p < range.End >> MemoryMap.PageShift; p++) _lendable[p] = true;
    }

    public VmId Id { get; }

    public string Name { get; }

    public IVcpu Vcpu { get; }

    public MemoryMap Memory { get; }

    /// <summary>Linear address of the busy byte, or -1.</summary>
    public int BusyByte { get; }

    /// <summary>What the monitor knows of the VM's DOS and its process context there (asked: <see cref="GateVmOptions.Dos"/>, <see cref="GateVmOptions.AskDos"/>, a host call), else null.</summary>
    public DosPartner? Dos { get; set; }

    /// <summary>What a host call may use of the VM (with <see cref="Dos"/>).</summary>
    public HostCallMemory? HostMemory { get; set; }

    /// <summary>Gate calls into the VM follow its DOS's rules (<see cref="GateVmOptions.Dos"/>); else its busy byte's.</summary>
    public bool DosGates { get; }

    /// <summary>The VM's vector watches (shared with the machine's other parts); the gates' part is <see cref="WatchPart"/>.</summary>
    public VectorWatches Watches { get; }

    public int WatchPart { get; set; }

    /// <summary>The host call running in the VM now, if any.</summary>
    public HostCall? HostIncoming { get; set; }

    /// <summary>The VM's context before the host call it runs was entered.</summary>
    public CpuState HostSaved;

    /// <summary>As <see cref="ResumeVector"/>, for the host call.</summary>
    public int HostResumeVector { get; set; } = -1;

    /// <summary>
    /// A gate call or the DOS's probe is inside the VM: no gate call may enter. (A host call's
    /// program is the VM's own code to the gates: a gate call may enter it at a safe point, as a
    /// TSR pops up over a program.)
    /// </summary>
    public bool Occupied => Incoming is not null || Dos is { Probing: true };

    /// <summary>
    /// The software interrupt the VM was stopped at when the monitor entered it (a watched INT 21h or
    /// 28h), delivered once the monitor's work is done, so that the VM goes on as if it had never
    /// been stopped; -1 for none.
    /// </summary>
    public int ResumeVector { get; set; } = -1;

    public int StubAddress { get; }

    /// <summary>The explicit-end vector, or -1.</summary>
    public int EndVector { get; }

    public uint AddressMask { get; }

    public Gate?[] Gates { get; } = new Gate?[256];

    /// <summary>The calls this VM makes, by level.</summary>
    public GateCall[] Calls { get; }

    /// <summary>The call this VM serves, if any.</summary>
    public GateCall? Incoming { get; set; }

    public bool Available { get; set; } = true;

    /// <summary>The scheduler was told not to run this VM.</summary>
    public bool Suspended { get; set; }

    /// <summary>A monitor-port write asked to end the call; the run stops and <see cref="GateMonitor.HandleExit"/> ends it.</summary>
    public bool PendingPortEnd { get; set; }

    /// <summary>The VM's context before the call it serves was entered.</summary>
    public CpuState Saved;

    /// <summary>The callee's own pages under the window during the call it serves.</summary>
    public MemoryMap.Page[] SavedPages { get; set; } = [];

    /// <summary>Scratch for the caller's pages while they are put in place (empty between calls).</summary>
    public MemoryMap.Page[] LentPages { get; set; } = [];

    /// <summary>The 6 bytes under the callee's stack that the return frame covered.</summary>
    public byte[] SavedFrame { get; } = new byte[6];

    /// <summary>0 while running its own code, 1 while running the handler of a call.</summary>
    public int Level => Incoming is null ? 0 : 1;

    /// <summary>The call the VM's current level is blocked on, if any.</summary>
    public GateCall? Outgoing
    {
        get
        {
            var call = Calls[Level];
            return call.Phase == CallPhase.Idle ? null : call;
        }
    }

    public bool IsLendable(int page) => page < Pages1M && _lendable[page];

    /// <summary>Inside a hardware interrupt handler now (its interrupt controller has one in service).</summary>
    public bool InInterruptHandler => _inInterruptHandler?.Invoke() ?? false;

    /// <summary>
    /// Whether a call whose function is <paramref name="ah"/> may enter the VM now, stopped at
    /// <paramref name="moment"/>. Never inside a hardware interrupt handler, nor (an 80386) in protected
    /// mode, where its real-mode services cannot be entered (virtual-8086 mode is fine: they run there
    /// as under a V86 monitor). With a busy byte (or none):
    /// when it reads zero, anywhere. With a DOS: only once it is known, with no critical error in
    /// progress, and then with InDOS at zero at an INT of its own code (a program calling DOS, or its
    /// own gate INT it is blocked on) or while it idles halted; or at its INT 28h with InDOS at 1 for
    /// functions above 0Ch (DOS's rule for INT 28h handlers). docs/gates.md, "Real DOS".
    /// </summary>
    public bool AtSafePoint(byte ah, SafeMoment moment)
    {
        if (InInterruptHandler || InProtectedMode) return false; // protected mode: its real-mode services cannot be entered (V86 is fine)
        if (!DosGates) return BusyByte < 0 || Memory.Read8((uint)BusyByte) == 0;
        return AtDosSafePoint(ah, moment);
    }

    /// <summary>
    /// The DOS's rule of <see cref="AtSafePoint"/> (also for host calls, whatever the gates use):
    /// known, no critical error in progress, InDOS at zero at an INT of its own code or idling
    /// halted, or at INT 28h with InDOS 1 for functions above 0Ch.
    /// </summary>
    public bool AtDosSafePoint(byte ah, SafeMoment moment)
    {
        if (InInterruptHandler || InProtectedMode) return false;
        if (Dos is not { } dos || dos.State != DosState.Known) return false;
        if (dos.CriticalError >= 0 && Memory.Read8((uint)dos.CriticalError) != 0) return false;
        byte inDos = Memory.Read8((uint)dos.InDos);
        if (Outgoing is not null) moment = SafeMoment.AtInt; // stopped at its own gate INT
        return moment switch
        {
            SafeMoment.AtInt => inDos == 0,
            SafeMoment.Idle => inDos == 0 || (inDos == 1 && ah > 0x0C),
            _ => inDos == 0 && IdlesHalted(),
        };
    }

    /// <summary>Halted with interrupts on: waiting for an interrupt, at no instruction of the OS's own entry or exit.</summary>
    private bool IdlesHalted()
    {
        CpuState s = Vcpu.GetState();
        return s.Halted && (s.Flags & (ushort)CpuFlags.IF) != 0;
    }

    private bool InProtectedMode
    {
        get
        {
            if (Vcpu.Model != CpuModel.I80386) return false;
            CpuState s = Vcpu.GetState();
            return (s.Cr0 & 1) != 0 && (s.EFlags & VirtualMode) == 0;
        }
    }

    /// <summary>
    /// Where the callee's real-mode interrupt table is: at 0 on the 8086; where LIDT put it on the
    /// 80286 and 80386 in real mode; at 0 again in virtual-8086 mode, where IdtBase is the
    /// protected-mode table and the real-mode vectors a V86 monitor reflects INTs through stay at 0.
    /// </summary>
    public uint RealModeTableBase
    {
        get
        {
            if (Vcpu.Model == CpuModel.I8086) return 0;
            CpuState s = Vcpu.GetState();
            return (s.EFlags & VirtualMode) != 0 ? 0 : s.IdtBase;
        }
    }

    private const uint VirtualMode = 0x20000; // EFLAGS.VM

    public uint Linear(ushort segment, ushort offset) => ((uint)(segment << 4) + offset) & AddressMask;

    public ushort Read16(uint address) => (ushort)(Memory.Read8(address & AddressMask) | Memory.Read8((address + 1) & AddressMask) << 8);
}
