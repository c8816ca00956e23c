using Concord.Core.Cpu;

namespace Concord.Monitor.Gates;

/// <summary>
/// A call the host makes into a DOS VM through the gate machinery (<see cref="GateMonitor.Call"/>):
/// the host is the caller, and its INT 21h calls (a command's EXEC, then AH=4Dh) enter the DOS as a
/// gate call does: asked once, at the same safe points (with InDOS at zero: like the console
/// functions 01h-0Ch, EXEC is no call for DOS's INT 28h idle), under the monitor's INT 23h/24h
/// handlers (Ctrl+C ignored, a critical error fails the DOS call instead of asking at the console),
/// with the OS's DTA kept and given back, returning to the monitor's stub on its stack in the
/// context page; afterwards the VM goes on from where it was stopped.
/// </summary>
/// <remarks>
/// The one deliberate difference from a gate call: the PSP is not switched to the monitor's. A
/// program EXEC starts inherits its parent's open handles (its console: standard input, output,
/// error) and environment (PATH, COMSPEC), and the monitor's PSP has neither (its handles are
/// closed so that gate calls never share a program's); so a host command runs as a child of the
/// program current at the safe point (at a prompt, the shell), as if that program had called EXEC.
/// A gate call into the VM waits while a host call runs there, and a host call waits while a gate
/// call is inside, as two gate calls do. Not thread-safe: the machine thread drives it.
/// </remarks>
public abstract class HostCall
{
    internal GateVm? Callee { get; set; }

    internal bool Waiting { get; set; }

    /// <summary>Whether the call waits for its VM or runs there now.</summary>
    public bool Pending => Callee is not null;

    /// <summary>Whether the call runs in its VM now (entered at a safe point, not yet ended).</summary>
    public bool Entered => Callee is not null && !Waiting;

    /// <summary>
    /// The call enters the VM: set the first INT 21h's registers in <paramref name="s"/> (the VM's
    /// own, but for SS:SP and the flags); its data may go into <paramref name="memory"/>'s scratch area.
    /// </summary>
    protected internal abstract void Start(HostCallMemory memory, ref CpuState s);

    /// <summary>
    /// An INT 21h of the call returned with <paramref name="answer"/>: true with the next one's
    /// registers in <paramref name="s"/>, false when the call is done.
    /// </summary>
    protected internal abstract bool Next(HostCallMemory memory, in CpuState answer, ref CpuState s);

    /// <summary>The call will not run: the VM's OS is no DOS the monitor can use, or the VM stopped.</summary>
    protected internal abstract void Failed(string reason);

    /// <summary>
    /// The call waits and its VM is idle at INT 28h with InDOS set (a DOS waiting for a line at its
    /// prompt): the host may give it something to do that brings it to a safe point (e.g. Enter).
    /// </summary>
    protected internal virtual void Idle() { }

    /// <summary>The VM ended the call's INT 21h calls and goes on from where it was stopped.</summary>
    protected internal virtual void Ended() { }
}
