namespace Concord.Monitor.MachineFiles;

/// <summary>
/// A value of a machine file with where it was written: Tomlyn's syntax tree keeps positions,
/// its model does not, so the reader works on these. Scalars keep their source text for messages.
/// </summary>
internal sealed class TomlNode
{
    private readonly List<TomlEntry>? _entries;
    private readonly List<TomlNode>? _items;

    private TomlNode(TomlKind kind, int line, int column, string text, object? scalar)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Text = text;
        Scalar = scalar;
        if (kind == TomlKind.Table) _entries = [];
        if (kind == TomlKind.Array) _items = [];
    }

    public TomlKind Kind { get; }

    /// <summary>1-based position of the value (of the header for a <c>[table]</c>).</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>The value as written (<c>"child"</c>, <c>0x60</c>), or a short description of a table.</summary>
    public string Text { get; }

    /// <summary>string, long, double, bool, or the date-time's text.</summary>
    public object? Scalar { get; }

    /// <summary>True for an array made of <c>[[name]]</c> headers.</summary>
    public bool IsTableArray { get; init; }

    public IReadOnlyList<TomlEntry> Entries => _entries ?? [];

    public IReadOnlyList<TomlNode> Items => _items ?? [];

    public static TomlNode NewScalar(TomlKind kind, int line, int column, string text, object? value) => new(kind, line, column, text, value);

    public static TomlNode NewTable(int line, int column, string text) => new(TomlKind.Table, line, column, text, null);

    public static TomlNode NewArray(int line, int column, string text, bool isTableArray) =>
        new(TomlKind.Array, line, column, text, null) { IsTableArray = isTableArray };

    public TomlEntry? Find(string key)
    {
        if (_entries is null) return null;
        foreach (var e in _entries)
            if (e.Key == key) return e;
        return null;
    }

    public void Add(TomlEntry entry) =>
        (_entries ?? throw new InvalidOperationException("not a table")).Add(entry);

    public void Add(TomlNode item) =>
        (_items ?? throw new InvalidOperationException("not an array")).Add(item);
}
