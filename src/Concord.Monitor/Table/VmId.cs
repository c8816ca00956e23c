namespace Concord.Monitor.Table;

/// <summary>
/// A VM as the management table knows it: a small number, the index of its column.
/// <see cref="None"/> (-1) stands for "no VM" (a free lease, an unknown requester).
/// </summary>
public readonly record struct VmId(int Value)
{
    public static VmId None => new(-1);

    public bool IsNone => Value < 0;

    public override string ToString() => IsNone ? "none" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
