namespace Concord.Monitor.MachineFiles;

/// <summary>
/// One gate (a <c>[[gate]]</c> table), checked: an <c>INT <see cref="Vector"/></c> executed in
/// <see cref="Caller"/> runs the handler of <c>INT <see cref="ServiceVector"/></c> in <see cref="Callee"/>.
/// </summary>
/// <param name="Window">The caller's memory lent to the callee during a call, or null for register-only calls.</param>
/// <param name="Allow">The services (AH values) the gate passes; null passes every one.</param>
/// <param name="WindowReadOnly">The callee may read the lent window but not write it.</param>
public sealed record GateSpec(
    string Caller,
    byte Vector,
    string Callee,
    byte ServiceVector,
    GateWindow? Window,
    WindowMapping Mapping,
    GateServices? Allow = null,
    bool WindowReadOnly = false);
