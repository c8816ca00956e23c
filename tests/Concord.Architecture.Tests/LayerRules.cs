using System.Xml.Linq;

namespace Concord.Architecture.Tests;

/// <summary>The checks behind <see cref="LayerTests"/>, kept apart so that they can be tested on bad examples too.</summary>
public static class LayerRules
{
    /// <summary>The names of the projects a project file references (file names without .csproj).</summary>
    public static IEnumerable<string> ProjectReferences(XDocument project) =>
        project.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));

    /// <summary>Each reference of <paramref name="from"/> to one of our projects it may not use, as a sentence.</summary>
    public static IEnumerable<string> Violations(Layer from, IEnumerable<string> referencedProjects, string via) =>
        referencedProjects
            .Where(r => r.StartsWith("Concord.", StringComparison.Ordinal) || Layers.ByProject(r) is not null)
            .Where(r => r != from.Project && !from.MayUse.Contains(r))
            .Select(r => $"{from.Project} references {r} ({via}); it may use only: " +
                         (from.MayUse.Count == 0 ? "nothing of ours" : string.Join(", ", from.MayUse.Order())));
}
