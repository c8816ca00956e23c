namespace Concord.Engines.Translator;

/// <summary>
/// A compiled region: runs guest code from entry number <paramref name="entry"/> until it exits,
/// and returns why (<see cref="ExitCode"/>), with the state written back through <paramref name="frame"/>.
/// </summary>
internal unsafe delegate int RegionCode(Translator translator, JitFrame* frame, int entry);
