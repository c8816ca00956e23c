using System.Reflection;

namespace Concord.Architecture.Tests;

/// <summary>One layer of the blueprint: its project, its assembly, and the layers it may use.</summary>
/// <param name="Project">The project's folder and file name under src/ (Concord.Core).</param>
/// <param name="Assembly">The built assembly (the Cli's is named <c>concord</c>).</param>
/// <param name="MayUse">The projects of the layers below it that it may reference.</param>
public sealed record Layer(string Project, Assembly Assembly, IReadOnlySet<string> MayUse)
{
    public override string ToString() => Project;
}
