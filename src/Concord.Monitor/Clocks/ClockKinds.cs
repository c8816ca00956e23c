namespace Concord.Monitor.Clocks;

/// <summary>Names of <see cref="ClockKind"/> as users write them.</summary>
public static class ClockKinds
{
    public const string ValidNames = "virtual, realtime";

    public static bool TryParse(string text, out ClockKind kind)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "virtual": kind = ClockKind.Virtual; return true;
            case "realtime": case "real-time": case "real": kind = ClockKind.Realtime; return true;
            default: kind = default; return false;
        }
    }

    public static string Name(this ClockKind kind) => kind == ClockKind.Virtual ? "virtual" : "realtime";
}
