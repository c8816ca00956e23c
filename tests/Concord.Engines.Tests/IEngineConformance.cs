using Concord.Core.Cpu;

namespace Concord.Engines.Tests;

/// <summary>
/// A conformance test class written once for every engine: it is abstract, takes the engine in its
/// constructor, and has one sealed subclass per engine (<c>...OnInterp</c>). <see cref="EngineCoverageTests"/>
/// fails when an engine the factory knows lacks its subclass of any such class.
/// </summary>
public interface IEngineConformance
{
    EngineKind Engine { get; }
}
