using Concord.Monitor.MachineFiles;
using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// A registered gate: INT <see cref="Vector"/> in <see cref="Caller"/> runs the handler of INT
/// <see cref="ServiceVector"/> in <see cref="Callee"/>, with <see cref="Window"/> of the caller's
/// memory lent at <see cref="Target"/> of the callee's map. Counts its calls.
/// </summary>
public sealed class Gate
{
    internal Gate(VmId caller, byte vector, VmId callee, byte serviceVector, GateWindow? window, WindowMapping mapping, int target,
        GateServices? allow, bool windowReadOnly)
    {
        Allow = allow;
        WindowReadOnly = windowReadOnly;
        Caller = caller;
        Vector = vector;
        Callee = callee;
        ServiceVector = serviceVector;
        Window = window;
        Mapping = mapping;
        Target = target;
        if (window is { } w)
        {
            FirstPage = w.Address >> Core.Memory.MemoryMap.PageShift;
            TargetPage = target >> Core.Memory.MemoryMap.PageShift;
            PageCount = w.Length >> Core.Memory.MemoryMap.PageShift;
            SegmentShift = (ushort)((target - w.Address) >> 4);
        }
    }

    public VmId Caller { get; }

    public byte Vector { get; }

    public VmId Callee { get; }

    public byte ServiceVector { get; }

    /// <summary>The caller's memory lent during a call, or null for calls that pass registers only.</summary>
    public GateWindow? Window { get; }

    public WindowMapping Mapping { get; }

    /// <summary>The services (AH values) the gate passes; null passes every one.</summary>
    public GateServices? Allow { get; }

    /// <summary>The window is lent read-only: the callee's writes to it (CPU or DMA) are dropped.</summary>
    public bool WindowReadOnly { get; }

    /// <summary>Where the window appears in the callee: its own address (identity) or the hole (relocate).</summary>
    public int Target { get; }

    /// <summary>What the monitor adds to a DS or ES inside the window (paragraphs, modulo 10000h): (target - window) / 16.</summary>
    public ushort SegmentShift { get; }

    internal int FirstPage { get; }

    internal int TargetPage { get; }

    internal int PageCount { get; }

    /// <summary>Calls made (INTs on the vector).</summary>
    public long Calls { get; internal set; }

    /// <summary>Calls that had to wait for a safe point at least once.</summary>
    public long Waits { get; internal set; }

    /// <summary>Calls that returned results.</summary>
    public long Returns { get; internal set; }

    /// <summary>Calls that failed with a <see cref="GateError"/> (the refused ones included).</summary>
    public long Failures { get; internal set; }

    /// <summary>Calls refused because their service (AH) is not in <see cref="Allow"/>.</summary>
    public long Refusals { get; internal set; }

    public override string ToString() =>
        $"vm {Caller} INT {Vector:X2}h -> vm {Callee} INT {ServiceVector:X2}h" +
        (Window is { } w ? $" window {w} at {Target:X5}h ({Mapping}{(WindowReadOnly ? ", read-only" : "")})" : "") +
        (Allow is { } a ? $" allow {a}" : "");
}
