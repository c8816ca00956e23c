using Tomlyn.Syntax;

namespace Concord.Monitor.MachineFiles;

/// <summary>
/// Builds the located tree of a TOML document from Tomlyn's syntax tree: dotted keys and
/// <c>[a.b]</c> headers make nested tables, <c>[[a]]</c> headers append tables to an array. Runs only
/// on documents Tomlyn found valid (no redefined keys), so it never has to resolve conflicts.
/// </summary>
internal sealed class TomlTreeBuilder(string text)
{
    public TomlNode Build(DocumentSyntax document)
    {
        var root = TomlNode.NewTable(1, 1, "the file");
        foreach (var kv in document.KeyValues) AddKeyValue(root, kv);
        foreach (var table in document.Tables)
        {
            if (table.Name is null) continue;
            var parts = KeyParts(table.Name);
            TomlNode current = root;
            for (int i = 0; i < parts.Count - 1; i++) current = Descend(current, parts[i]);
            var (name, line, column) = parts[^1];
            string header = Source(table.Name);
            if (table is TableArraySyntax)
            {
                var array = current.Find(name)?.Value;
                if (array is null)
                {
                    array = TomlNode.NewArray(line, column, $"[[{header}]]", isTableArray: true);
                    current.Add(new TomlEntry(name, line, column, array));
                }
                var element = TomlNode.NewTable(Line(table.Span.Start), Column(table.Span.Start), $"[[{header}]]");
                array.Add(element);
                current = element;
            }
            else
            {
                var existing = current.Find(name)?.Value;
                if (existing is { Kind: TomlKind.Table }) current = existing;
                else
                {
                    var created = TomlNode.NewTable(Line(table.Span.Start), Column(table.Span.Start), $"[{header}]");
                    current.Add(new TomlEntry(name, line, column, created));
                    current = created;
                }
            }
            foreach (var kv in table.Items) AddKeyValue(current, kv);
        }
        return root;
    }

    private void AddKeyValue(TomlNode table, KeyValueSyntax kv)
    {
        if (kv.Key is null || kv.Value is null) return;
        var parts = KeyParts(kv.Key);
        for (int i = 0; i < parts.Count - 1; i++) table = Descend(table, parts[i]);
        var (name, line, column) = parts[^1];
        table.Add(new TomlEntry(name, line, column, Convert(kv.Value)));
    }

    /// <summary>The table under <paramref name="part"/>, made if absent; through an array of tables, its last table.</summary>
    private static TomlNode Descend(TomlNode table, (string Name, int Line, int Column) part)
    {
        var value = table.Find(part.Name)?.Value;
        if (value is { Kind: TomlKind.Array, Items.Count: > 0 } && value.Items[^1].Kind == TomlKind.Table) return value.Items[^1];
        if (value is { Kind: TomlKind.Table }) return value;
        var created = TomlNode.NewTable(part.Line, part.Column, "a table");
        table.Add(new TomlEntry(part.Name, part.Line, part.Column, created));
        return created;
    }

    private TomlNode Convert(ValueSyntax value)
    {
        int line = Line(value.Span.Start), column = Column(value.Span.Start);
        string source = Source(value);
        switch (value)
        {
            case StringValueSyntax s: return TomlNode.NewScalar(TomlKind.String, line, column, source, s.Value ?? "");
            case IntegerValueSyntax i: return TomlNode.NewScalar(TomlKind.Integer, line, column, source, i.Value);
            case FloatValueSyntax f: return TomlNode.NewScalar(TomlKind.Float, line, column, source, f.Value);
            case BooleanValueSyntax b: return TomlNode.NewScalar(TomlKind.Boolean, line, column, source, b.Value);
            case DateTimeValueSyntax: return TomlNode.NewScalar(TomlKind.DateTime, line, column, source, source);
            case ArraySyntax a:
            {
                var array = TomlNode.NewArray(line, column, source, isTableArray: false);
                foreach (var item in a.Items)
                    if (item.Value is not null) array.Add(Convert(item.Value));
                return array;
            }
            case InlineTableSyntax t:
            {
                var table = TomlNode.NewTable(line, column, source);
                foreach (var item in t.Items)
                    if (item.KeyValue is not null) AddKeyValue(table, item.KeyValue);
                return table;
            }
            default:
                return TomlNode.NewScalar(TomlKind.String, line, column, source, source);
        }
    }

    private List<(string Name, int Line, int Column)> KeyParts(KeySyntax key)
    {
        var parts = new List<(string, int, int)>();
        if (key.Key is not null) parts.Add(Part(key.Key));
        foreach (var dotted in key.DotKeys)
            if (dotted.Key is not null) parts.Add(Part(dotted.Key));
        return parts;
    }

    private static (string, int, int) Part(BareKeyOrStringValueSyntax key)
    {
        string name = key switch
        {
            BareKeySyntax bare => bare.Key?.Text ?? "",
            StringValueSyntax quoted => quoted.Value ?? "",
            _ => key.ToString() ?? "",
        };
        return (name, Line(key.Span.Start), Column(key.Span.Start));
    }

    private string Source(SyntaxNode node)
    {
        int offset = node.Span.Offset, length = node.Span.Length;
        if (offset < 0 || length <= 0 || offset + length > text.Length) return node.ToString() ?? "";
        return text.Substring(offset, length);
    }

    public static int Line(TextPosition p) => p.Line + 1;

    public static int Column(TextPosition p) => p.Column + 1;
}
