namespace Concord.Monitor.Table;

/// <summary>
/// One row of a <see cref="TableSnapshot"/>. <see cref="Requested"/> has one value per VM column
/// (-1: never asked). For a lease row, <see cref="Effective"/> is the holder's number (-1: free).
/// </summary>
public sealed record RowSnapshot(
    string Device,
    string Field,
    FieldPolicy Policy,
    bool IsLease,
    string? Follows,
    int Effective,
    IReadOnlyList<int> Requested,
    VmId Holder,
    IReadOnlyList<VmId> Waiting,
    long Requests,
    long Suppressed,
    long Transitions);
