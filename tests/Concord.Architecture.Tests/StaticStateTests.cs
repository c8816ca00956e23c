using System.Reflection;
using System.Runtime.CompilerServices;

namespace Concord.Architecture.Tests;

/// <summary>
/// No static mutable state: several VMs live in one process, so every field that can change
/// belongs to an instance. Constants and static readonly fields are fine (a readonly table of
/// mutable elements is a convention: nothing may write to it after the type is initialised).
/// Compiler-generated fields (lambda caches, lazy delegates) are not ours and are skipped, except
/// the backing field of an auto-property (<c>static int X { get; set; }</c> is a static field that
/// can change, written another way).
/// </summary>
public sealed class StaticStateTests
{
    public static TheoryData<string> LayerNames => new(Layers.All.Select(l => l.Project));

    /// <summary>The static fields of <paramref name="assembly"/> that are neither const nor readonly nor compiler-generated.</summary>
    public static IEnumerable<string> MutableStaticFields(Assembly assembly) =>
        from type in assembly.GetTypes()
        where !IsCompilerGenerated(type)
        from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where !field.IsLiteral && !field.IsInitOnly && (!IsCompilerGenerated(field) || IsPropertyBackingField(field))
        select $"{type.FullName}.{field.Name}";

    /// <summary>The field behind an auto-property (or a property using <c>field</c>): named &lt;Name&gt;k__BackingField.</summary>
    private static bool IsPropertyBackingField(FieldInfo field) => field.Name.EndsWith(">k__BackingField", StringComparison.Ordinal);

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.Name.Contains('<', StringComparison.Ordinal)
        || member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
        || (member is Type { DeclaringType: { } outer } && IsCompilerGenerated(outer));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Assembly_has_no_static_mutable_fields(string project)
    {
        Layer layer = Layers.ByProject(project)!;

        string[] fields = MutableStaticFields(layer.Assembly).ToArray();
        Assert.True(fields.Length == 0,
            "static fields that can change (make them instance fields, readonly or const): " + string.Join(", ", fields));
    }

    [Fact]
    public void Check_finds_a_static_mutable_field()
    {
        Assert.Contains($"{typeof(Counterexample).FullName}.{nameof(Counterexample.Shared)}",
            MutableStaticFields(typeof(Counterexample).Assembly));
    }

    [Fact]
    public void Check_finds_a_static_auto_property_with_a_setter_but_not_a_get_only_one()
    {
        string[] found = MutableStaticFields(typeof(Counterexample).Assembly).ToArray();
        Assert.Contains($"{typeof(Counterexample).FullName}.<{nameof(Counterexample.Settable)}>k__BackingField", found);
        Assert.Contains($"{typeof(Counterexample).FullName}.<{nameof(Counterexample.InitOnly)}>k__BackingField", found);
        Assert.DoesNotContain(found, f => f.Contains(nameof(Counterexample.GetOnly), StringComparison.Ordinal));
    }

    /// <summary>What the rule forbids, to prove the check sees it (this test assembly is not a layer).</summary>
    internal static class Counterexample
    {
#pragma warning disable CA2211, CS0649 // the point of this example is a public static field that can change
        public static int Shared;
#pragma warning restore CA2211, CS0649
        public const int Constant = 1;
        public static readonly int ReadOnly = 2;
        public static int Settable { get; set; }
        public static int InitOnly { get; private set; }
        public static int GetOnly { get; } = 3;
    }
}
