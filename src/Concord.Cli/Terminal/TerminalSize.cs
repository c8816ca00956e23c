namespace Concord.Cli.Terminal;

/// <summary>The terminal's size in character cells, 80 x 25 when the console cannot say.</summary>
internal static class TerminalSize
{
    public static (int Columns, int Rows) Current()
    {
        try
        {
            int columns = Console.WindowWidth, rows = Console.WindowHeight;
            return columns > 0 && rows > 0 ? (columns, rows) : (80, 25);
        }
        catch (IOException)
        {
            return (80, 25);
        }
    }
}
