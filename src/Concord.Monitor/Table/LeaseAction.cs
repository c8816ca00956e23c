namespace Concord.Monitor.Table;

/// <summary>What a trace event did to a lease (or an exclusive owner).</summary>
public enum LeaseAction : byte
{
    /// <summary>Not a lease event: a value row changed.</summary>
    None,
    /// <summary>The VM now holds the lease (at once, or after waiting).</summary>
    Acquired,
    /// <summary>The VM asked while another held it and waits.</summary>
    Waiting,
    /// <summary>The VM gave the lease up (or the monitor took it back).</summary>
    Released,
}
