namespace Concord.Monitor.Table;

/// <summary>The answer to a VM asking for a lease.</summary>
public enum LeaseOutcome
{
    /// <summary>The lease was free and is now the VM's.</summary>
    Acquired,
    /// <summary>The VM already held it.</summary>
    AlreadyHeld,
    /// <summary>Another VM holds it; the asker is queued (first come, first served) and must wait.</summary>
    Waiting,
}
