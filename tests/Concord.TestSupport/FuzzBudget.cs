namespace Concord.TestSupport;

/// <summary>
/// How long each fuzz property runs: a few seconds in <c>dotnet test</c>, longer when
/// <c>CONCORD_FUZZ_SECONDS</c> says so (the long run: <c>CONCORD_FUZZ_SECONDS=600 dotnet test
/// --filter Category=Fuzz</c>). CsCheck prints the seed of a failing case; <c>CsCheck_Seed=SEED</c>
/// runs that case again.
/// </summary>
public static class FuzzBudget
{
    public const string Variable = "CONCORD_FUZZ_SECONDS";

    /// <summary>The trait that marks fuzz properties, for <c>--filter Category=Fuzz</c>.</summary>
    public const string Category = "Fuzz";

    /// <summary>Seconds for one property: the variable's value when it is a positive number, else <paramref name="seconds"/>.</summary>
    public static int Seconds(int seconds) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int s) && s > 0 ? s : seconds;
}
