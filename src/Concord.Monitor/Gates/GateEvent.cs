using Concord.Monitor.Table;

namespace Concord.Monitor.Gates;

/// <summary>
/// One step of a gate call. <see cref="Ax"/> and <see cref="Cf"/> are what the caller gets
/// (meaningful for <see cref="GateEventKind.Return"/> and <see cref="GateEventKind.Fail"/>, 0 and
/// false otherwise); <see cref="Detail"/> says why it waited, how it ended or why it failed.
/// </summary>
/// <param name="TimeNs">Virtual time (from <see cref="IGateScheduler.TimeNs"/>).</param>
/// <param name="At">CS:IP of the caller's INT instruction.</param>
public readonly record struct GateEvent(
    long TimeNs,
    GateEventKind Kind,
    VmId Caller,
    string CallerName,
    CsIp At,
    byte Vector,
    VmId Callee,
    string CalleeName,
    byte ServiceVector,
    string? Detail,
    ushort Ax,
    bool Cf);
