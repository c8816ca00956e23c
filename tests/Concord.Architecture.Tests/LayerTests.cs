using System.Xml.Linq;

namespace Concord.Architecture.Tests;

/// <summary>No project references a layer above it or beside it, in its built assembly or in its project file.</summary>
public sealed class LayerTests
{
    public static TheoryData<string> LayerNames => new(Layers.All.Select(l => l.Project));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Assembly_references_only_layers_below_it(string project)
    {
        Layer layer = Layers.ByProject(project)!;
        IEnumerable<string> referenced = layer.Assembly.GetReferencedAssemblies()
            .Select(a => Layers.ByAssemblyName(a.Name)?.Project ?? a.Name ?? "")
            .Where(n => n.StartsWith("Concord.", StringComparison.Ordinal));

        string[] violations = LayerRules.Violations(layer, referenced, "assembly reference").ToArray();
        Assert.True(violations.Length == 0, string.Join(Environment.NewLine, violations));
    }

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Project_file_references_only_layers_below_it(string project)
    {
        // Catches a reference whose types are not used yet, which the compiled assembly would not show.
        Layer layer = Layers.ByProject(project)!;
        string file = Path.Combine(RepoPaths.Under("src"), project, project + ".csproj");
        Assert.True(File.Exists(file), $"no project file at {file}");

        string[] violations = LayerRules.Violations(layer, LayerRules.ProjectReferences(XDocument.Load(file)), "ProjectReference").ToArray();
        Assert.True(violations.Length == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_project_under_src_is_a_known_layer()
    {
        string[] projects = Directory.GetFiles(RepoPaths.Under("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Select(n => n!)
            .ToArray();

        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.True(Layers.ByProject(p) is not null,
            $"src/{p} is in no layer; add it to Layers.All with the layers it may use"));
    }

    [Fact]
    public void Rules_flag_an_upward_and_a_sideways_reference()
    {
        var engines = Layers.ByProject(Layers.Engines)!;
        var doc = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\Concord.Core\Concord.Core.csproj" />
                <ProjectReference Include="../Concord.Devices/Concord.Devices.csproj" />
                <ProjectReference Include="../Concord.Monitor/Concord.Monitor.csproj" />
              </ItemGroup>
            </Project>
            """);

        string[] violations = LayerRules.Violations(engines, LayerRules.ProjectReferences(doc), "ProjectReference").ToArray();

        Assert.Equal(2, violations.Length);
        Assert.Contains(violations, v => v.StartsWith("Concord.Engines references Concord.Devices", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Concord.Engines references Concord.Monitor", StringComparison.Ordinal));
    }
}
