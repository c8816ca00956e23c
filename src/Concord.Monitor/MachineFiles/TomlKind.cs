namespace Concord.Monitor.MachineFiles;

/// <summary>The type of a value in a machine file.</summary>
internal enum TomlKind
{
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Array,
    Table,
}

internal static class TomlKinds
{
    /// <summary>The type with its article, as error messages say it ("a string", "an integer").</summary>
    public static string Describe(this TomlKind kind) => kind switch
    {
        TomlKind.String => "a string",
        TomlKind.Integer => "an integer",
        TomlKind.Float => "a float",
        TomlKind.Boolean => "a boolean",
        TomlKind.DateTime => "a date-time",
        TomlKind.Array => "an array",
        _ => "a table",
    };
}
