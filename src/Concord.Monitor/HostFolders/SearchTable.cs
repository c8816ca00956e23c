namespace Concord.Monitor.HostFolders;

/// <summary>
/// The directory searches in progress on one mounted folder. A find first reads the directory
/// afresh (so a change on the host shows at the next DIR) and keeps that listing for the find
/// nexts of the same search, in one of <see cref="Slots"/> slots used in turn: DOS never says when a
/// search is over, so the oldest one goes when a new one needs its slot, and a find next on a
/// search gone so long says there are no more files.
/// </summary>
public sealed class SearchTable
{
    /// <summary>Searches kept at once: far more than DOS programs nest (a recursive DIR /S of 32 levels needs 32).</summary>
    public const int Slots = 128;

    private readonly (IReadOnlyList<HostEntry> Entries, uint Cookie)?[] _slots = new (IReadOnlyList<HostEntry>, uint)?[Slots];
    private int _next;
    private uint _cookie;

    /// <summary>Starts a search over <paramref name="entries"/> and returns its first position.</summary>
    internal FindPosition Start(IReadOnlyList<HostEntry> entries)
    {
        int slot = _next;
        _next = (_next + 1) % Slots;
        uint cookie = ++_cookie;
        _slots[slot] = (entries, cookie);
        return new FindPosition((ushort)slot, 0, cookie);
    }

    /// <summary>The listing of a live search, or null when the position names no live search.</summary>
    internal IReadOnlyList<HostEntry>? Entries(FindPosition position) =>
        position.Search < Slots && _slots[position.Search] is { } s && s.Cookie == position.Cookie ? s.Entries : null;
}
