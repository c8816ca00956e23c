using Concord.Core.Cpu;

namespace Concord.Monitor.Gates;

/// <summary>
/// The one owner of a VM's watched vectors (<see cref="IVcpu.WatchVector"/>): the gates (their
/// vectors, the end vector, the DOS moments INT 21h/28h and the keyboard BIOS), the mounted drives
/// (INT 2Fh) and a host command's console output (INT 10h or 29h) each say which vectors they want
/// through it, and the vCPU watches a vector while anyone wants it. A watched INT's exit is offered
/// once (<see cref="Dispatch"/>) to each part that wants the vector, in the order they registered:
/// the first that takes the moment owns it (it delivers the INT itself, now or after its own work);
/// when none takes it, the INT is delivered as if it had never been watched.
/// </summary>
/// <remarks>
/// So one part turning its interest off never turns off another's, and no INT is delivered twice.
/// Parts register once (<see cref="Register"/>); interest is a bit per part and vector, so that
/// switching and dispatching allocate nothing.
/// </remarks>
public sealed class VectorWatches
{
    /// <summary>How many parts may register (bits of a vector's interest mask).</summary>
    public const int MaxParts = 32;

    private readonly IVcpu _cpu;
    private readonly List<Func<byte, bool>> _parts = [];
    private readonly uint[] _wanted = new uint[256];

    public VectorWatches(IVcpu cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _cpu = cpu;
    }

    /// <summary>
    /// Registers a part: <paramref name="atVector"/> is offered the exits of the vectors it wants and
    /// returns true when it takes the moment. Returns the part's number for <see cref="Want"/>.
    /// </summary>
    public int Register(Func<byte, bool> atVector)
    {
        ArgumentNullException.ThrowIfNull(atVector);
        if (_parts.Count == MaxParts) throw new InvalidOperationException($"a VM's vector watches take at most {MaxParts} parts");
        _parts.Add(atVector);
        return _parts.Count - 1;
    }

    /// <summary>Says whether <paramref name="part"/> wants INT <paramref name="vector"/> watched; the vCPU's watch follows the union.</summary>
    public void Want(int part, byte vector, bool on)
    {
        if ((uint)part >= (uint)_parts.Count) throw new ArgumentOutOfRangeException(nameof(part), part, $"{_parts.Count} parts are registered");
        uint before = _wanted[vector];
        uint after = on ? before | 1u << part : before & ~(1u << part);
        if (after == before) return;
        _wanted[vector] = after;
        if (before == 0 || after == 0) _cpu.WatchVector(vector, after != 0);
    }

    /// <summary>Whether <paramref name="part"/> wants <paramref name="vector"/> watched.</summary>
    public bool Wants(int part, byte vector) => (_wanted[vector] & 1u << part) != 0;

    /// <summary>Whether any part wants <paramref name="vector"/> watched (the vCPU watches it).</summary>
    public bool Watched(byte vector) => _wanted[vector] != 0;

    /// <summary>
    /// The vCPU stopped at INT <paramref name="vector"/> (a <see cref="ExitReason.WatchedInterrupt"/>):
    /// offered to the parts that want it until one takes the moment, else delivered. False when no
    /// part wants the vector (the exit is not one of these watches).
    /// </summary>
    public bool Dispatch(byte vector)
    {
        uint wanted = _wanted[vector];
        if (wanted == 0) return false;
        for (int part = 0; part < _parts.Count; part++)
            if ((wanted & 1u << part) != 0 && _parts[part](vector)) return true;
        _cpu.DeliverInterrupt(vector);
        return true;
    }
}
